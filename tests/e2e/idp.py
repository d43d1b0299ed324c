"""A real OpenID provider for the gateway tests: the `oidc-provider` package (pinned in
tests/e2e/idp/package-lock.json, installed by `make gateway-deps`) run by node on loopback,
with the accounts and signing keys a test gives it; and a person at a browser, signing in
through its device pages."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.conftest import free_port

FOLDER = Path(__file__).with_name("idp")
SCRIPT = FOLDER / "provider.mjs"
ACCOUNTS = {
    "alice": {"email": "alice@bank.example", "groups": ["developers", "payments"]},
    "bob": {"email": "bob@bank.example", "groups": ["developers"]},
}
_FORM = re.compile(r'<form\b[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>', re.DOTALL | re.IGNORECASE)
_HIDDEN = re.compile(r'<input\s+type="hidden"\s+name="([^"]+)"\s+value="([^"]*)"', re.IGNORECASE)


def installed() -> bool:
    return shutil.which("node") is not None and (FOLDER / "node_modules" / "oidc-provider").is_dir()


def signing_key(kid: str) -> dict[str, object]:
    """A new RSA signing key as a private JWK."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    return jwk | {"kid": kid, "use": "sig", "alg": "RS256"}


@dataclass
class OpenIDProvider:
    workdir: Path
    port: int = 0

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.workdir / "idp.log"

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, keys: list[dict[str, object]]) -> OpenIDProvider:
        """Start with these signing keys (the first signs); restarting with others is a rotation."""
        self.stop()
        self.workdir.mkdir(parents=True, exist_ok=True)
        seen = self.log.stat().st_size if self.log.exists() else 0
        (self.workdir / "keys.json").write_text(json.dumps(keys))
        (self.workdir / "accounts.json").write_text(json.dumps(ACCOUNTS))
        environment = os.environ | {
            "IDP_PORT": str(self.port),
            "IDP_KEYS": str(self.workdir / "keys.json"),
            "IDP_ACCOUNTS": str(self.workdir / "accounts.json"),
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(["node", str(SCRIPT)], env=environment, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider exited:\n{self.log.read_text()}")
            if f"listening at {self.issuer}".encode() in self.log.read_bytes()[seen:]:
                return self
            time.sleep(0.05)
        raise RuntimeError(f"oidc-provider did not listen:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def approve(verification_uri_complete: str, account: str) -> None:
    """What the person does in a browser: open the address `pretense login` printed, confirm
    the code, sign in, consent. Bounded: a few pages."""
    with httpx2.Client(follow_redirects=True, timeout=10) as browser:
        page = browser.get(verification_uri_complete)
        for _ in range(8):
            form = _FORM.search(page.text)
            if form is None:
                break
            fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(form.group(2))}
            if fields.get("prompt") == "login":
                fields |= {"login": account, "password": "any"}
            page = browser.post(httpx2.URL(str(page.url)).join(html.unescape(form.group(1))), data=fields)
        if "Sign-in Success" not in page.text and "success" not in page.text.lower():
            raise RuntimeError(f"the device sign-in did not finish:\n{page.text[:2000]}")
