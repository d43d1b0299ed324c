"""Writes a fresh signing key for the local dev stack."""
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

PEM_HEADER = "-----BEGIN EC PRIVATE KEY-----"


def write_key(path: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    assert pem.decode().startswith(PEM_HEADER)
    with open(path, "wb") as f:
        f.write(pem)
