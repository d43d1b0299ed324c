"""A claim as the proxy makes one, and its signed trailer, for the attestation tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.compact import encode
from attestations.dsse import sign
from attestations.predicate import Claim, Exchanges, FileShare, Provenance, ProxyState, predicate
from attestations.statement import PAYLOAD_TYPE, statement_bytes
from installation.home import key_fingerprint
from policy.model import Tier

KEY = Ed25519PrivateKey.generate()
KEY_ID = key_fingerprint(KEY.public_key())
TRUSTED = {KEY_ID: KEY.public_key()}
TREE = "ab" * 20


def claim(**changes: Any) -> Claim:
    made = Claim(
        tree=TREE,
        attested_at="2026-01-31T09:12:03.418Z",
        key_id=KEY_ID,
        host="dev-laptop",
        version="0.1.0",
        proxy=ProxyState(True, True, True),
        policy_digest="cd" * 32,
        repository="wealth-platform",
        tier=Tier.RESTRICTED,
        attribution="checkout",
        chain_seq=41,
        chain_hash="ef" * 32,
        parent="12" * 20,
        change="34" * 20,
        exchanges=Exchanges(since="2026-01-31T08:00:00.000Z", count=3, agents={"claude-code": 3}),
        provenance=Provenance(
            added=5,
            ai=2,
            files=(FileShare("src/ledger/rounding.py", 3, 2, (17, 23), ("claude-code:claude-sonnet-5-5",)),),
        ),
    )
    return dataclasses.replace(made, **changes)


def trailer(made: Claim | None = None, key: Ed25519PrivateKey = KEY) -> str:
    made = made or claim()
    return encode(sign(PAYLOAD_TYPE, statement_bytes(made.tree, predicate(made)), key))
