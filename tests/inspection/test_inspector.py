"""The inspection of one request, sans-IO: the tier, what it does to the body (bytes in,
bytes out, content encodings kept), what it refuses and why, and the egress check catching
a transform that does nothing."""

from __future__ import annotations

import dataclasses
import gzip
import json
import pickle
import re
import zlib

import brotli
import pytest
from mitmproxy.net.encoding import encode_zstd

from inspection.inspector import Inspector, TierWork
from inspection.request import Request, Verdict
from mutators.base import IDENTITY, Syntax
from policy.file import parse_policy
from policy.model import Tier
from providers.body import decoded
from providers.routes import RouteTable
from tests.doubles import SwapTransform

ROUTES = RouteTable()
KEY = bytes(range(32))
SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger"})
BODY = b'{"model":"m", "messages":[{"role":"user","content":"explain AccountLedger"}]}'
GITHUB = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
CODE = (
    "class AccountLedger:\n    def rebalance_tranches(self, exposure_limit):\n        return exposure_limit\n"
)


def inspector(tier: str = "restricted", policy: str = "") -> Inspector:
    return Inspector.build(
        parse_policy(f"version: 1\ndefault_tier: {tier}\n{policy}".encode(), "p.yaml"), KEY
    )


def swapping(tier: str = "restricted") -> Inspector:
    built = inspector(tier)
    restricted = built.work[Tier.RESTRICTED]
    built.work[Tier.RESTRICTED] = dataclasses.replace(
        restricted, transform=SWAP, names=lambda fields: {"AccountLedger"}
    )
    return built


def request(
    body: bytes, host: str = "api.anthropic.com", path: str = "/v1/messages", **more: object
) -> Request:
    route = ROUTES.match(host, path)
    assert route is not None
    return Request(route, host, path, body, **more)  # type: ignore[arg-type]


def message(verdict: Verdict) -> str:
    assert verdict.blocked is not None
    return verdict.blocked


def test_the_restricted_tier_renames_and_says_what_it_did() -> None:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"{CODE}\nkey {GITHUB}"}]})
    verdict = inspector().inspect(request(body.encode()))
    assert verdict.blocked is None
    assert verdict.raw is not None
    sent = verdict.raw.decode()
    assert not {"AccountLedger", "rebalance_tranches", "exposure_limit", GITHUB} & set(
        re.findall(r"\w+", sent)
    )
    assert verdict.found == {"github_token": 1}
    assert len(verdict.identifiers) == 3  # keyed HMACs, not the names
    assert not any("Account" in identifier for identifier in verdict.identifiers)
    restorer = verdict.restoration.restorer(Syntax.TEXT)
    assert "AccountLedger" in restorer.feed(sent) + restorer.flush()


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("zstd", encode_zstd),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
)
def test_compressed_bodies_are_read_and_forwarded_as_they_came(encoding: str, compress: object) -> None:
    verdict = swapping().inspect(request(compress(BODY), encoding=encoding))  # type: ignore[operator]
    assert verdict.raw is not None
    assert decoded(verdict.raw, encoding, 1 << 20) == BODY.replace(b"AccountLedger", b"Zq7Hx1Ledger")


def test_an_unchanged_body_is_forwarded_byte_for_byte() -> None:
    body = b'{"model":"m",  "messages":[{"role":"user","content":"hello"}] }'
    verdict = swapping().inspect(request(body))
    assert verdict.blocked is None
    assert verdict.raw is None  # the body as received


@pytest.mark.parametrize(
    ("tier", "body", "blocked", "status"),
    [
        ("restricted", b"{not json", True, 400),
        ("restricted", b"", True, 400),
        ("restricted", b'{"messages":[{"content":"a","content":"b"}]}', True, 400),
        ("confidential", b"[]", True, 403),
        ("internal", b"{not json", False, None),
        ("internal", f'{{"messages": [{{"content": "{GITHUB}"'.encode(), True, 400),
        ("public", b'{"messages": 3', False, None),
    ],
    ids=[
        "restricted",
        "restricted empty",
        "duplicate key",
        "confidential",
        "internal",
        "internal secret",
        "public",
    ],
)
def test_unreadable_bodies_are_refused_where_the_tier_promises_a_rewrite_or_holds_a_secret(
    tier: str, body: bytes, blocked: bool, status: int | None
) -> None:
    verdict = inspector(tier).inspect(request(body))
    assert (verdict.blocked is not None) is blocked
    if verdict.blocked is not None:
        assert verdict.status == status
        assert "ghp_" not in verdict.blocked  # what is found is named, never quoted
    if tier == "internal" and blocked:
        assert "it holds github token" in message(verdict)


@pytest.mark.parametrize(
    ("tier", "body", "outcome"),
    [
        ("restricted", b'{"input": "class AccountLedger: pass"}', "blocked"),
        ("internal", f'{{"input": "GITHUB_TOKEN={GITHUB}"}}'.encode(), "blocked"),
        ("internal", b'{"input": "class AccountLedger: pass"}', "forwarded"),
        ("public", f'{{"input": "GITHUB_TOKEN={GITHUB}"}}'.encode(), "forwarded"),
    ],
)
def test_an_endpoint_that_cannot_be_read_never_passes_as_inspected(
    tier: str, body: bytes, outcome: str
) -> None:
    verdict = inspector(tier).inspect(request(body, "api.mistral.ai", "/v1/agents/completions"))
    assert verdict.inspected is False
    assert (verdict.blocked is None) is (outcome == "forwarded")
    assert verdict.raw is None
    if verdict.blocked is not None:
        assert message(verdict).startswith(
            "Pretense cannot inspect this request: Mistral's API is not rewritten yet"
        )


def test_a_body_larger_than_the_bound_is_refused_before_it_is_read() -> None:
    small = inspector("internal")
    small.max_body = 1024
    bomb = gzip.compress(b'{"messages": "' + b"a" * (1 << 20) + b'"}')
    verdict = small.inspect(request(bomb, encoding="gzip"))
    assert verdict.status == 413
    assert "larger than" in message(verdict)


def test_the_egress_check_catches_a_transform_that_returns_its_input() -> None:
    built = inspector()
    built.work[Tier.RESTRICTED] = dataclasses.replace(built.work[Tier.RESTRICTED], transform=IDENTITY)
    body = json.dumps({"messages": [{"role": "user", "content": f"```python\n{CODE}```"}]}).encode()
    verdict = built.inspect(request(body))
    assert verdict.leak == "3 proprietary name(s) in clear at messages.0.content"
    assert "nothing was sent" in message(verdict)
    assert verdict.raw is None


def test_the_egress_check_catches_a_secret_a_redactor_missed() -> None:
    built = inspector("internal")
    built.work[Tier.INTERNAL] = dataclasses.replace(built.work[Tier.INTERNAL], transform=IDENTITY)
    verdict = built.inspect(request(json.dumps({"messages": [{"content": f"t={GITHUB}"}]}).encode()))
    assert verdict.leak == "github token at messages.0.content"


def test_names_are_kept_in_comments_when_the_policy_keeps_comments() -> None:
    built = inspector(policy="tiers:\n  restricted: {comments: keep}\n")
    text = f"```python\n# AccountLedger nets the trades\n{CODE}```"
    verdict = built.inspect(request(json.dumps({"messages": [{"role": "user", "content": text}]}).encode()))
    assert verdict.blocked is None, verdict.blocked
    assert verdict.raw is not None
    assert b"# AccountLedger nets the trades" in verdict.raw
    assert b"class AccountLedger" not in verdict.raw


def test_a_working_directory_in_the_prompt_does_not_lower_the_tier() -> None:
    fork = "repositories:\n  - {name: fork, tier: public, paths: ['/home/dev/fork']}\n"
    text = f"Working directory: /home/dev/fork\n```python\n{CODE}```"
    body = json.dumps({"messages": [{"role": "user", "content": text}]}).encode()
    assert inspector(policy=fork).inspect(request(body)).tier is Tier.RESTRICTED
    assert inspector(policy=fork).inspect(request(body, tagged="/home/dev/fork")).tier is Tier.PUBLIC


def test_a_verdict_crosses_a_process_boundary() -> None:
    verdict = swapping().inspect(request(BODY))
    again = pickle.loads(pickle.dumps(verdict))
    assert again.raw == verdict.raw
    assert again.restoration.active
    assert again.decision == verdict.decision


def test_each_tier_has_its_work() -> None:
    work = inspector().work
    assert set(work) == set(Tier)
    assert all(isinstance(w, TierWork) for w in work.values())
    assert work[Tier.PUBLIC].egress is None
    assert work[Tier.RESTRICTED].names is not None
