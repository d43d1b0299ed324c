"""What the restricted tier promises, as checks on what really reached the provider: either no
name the request's code defines and no secret is in any byte the provider received, or the
request was refused in the provider's error shape and nothing was forwarded; and the audit
trail has a record either way."""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from dataclasses import dataclass
from typing import Any

from audit.files import records
from tests.e2e.conftest import Proxy
from tests.e2e.fake_provider import FakeProvider, Received

# Code with names defined in it, and a secret beside it.
CODE = (
    "class AccountLedger:\n"
    "    def rebalance_tranches(self, exposure_limit):\n"
    "        return exposure_limit * 2\n"
)
NAMES = frozenset({"AccountLedger", "rebalance_tranches", "exposure_limit"})
SECRET = "AKIAQ3EGUZ7T2XN5MBRW"
FENCED = f"Why is this wrong?\n```python\n{CODE}```\nkey: {SECRET}\n"
ANTHROPIC_BODY = json.dumps(
    {"model": "claude-sonnet-5-5", "max_tokens": 64, "messages": [{"role": "user", "content": FENCED}]}
).encode()
# Unicode letters count: `zinsen_für_konto` is one identifier in Python, and so is `残高を計算`.
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    client: str
    """The user agent the request went with: its audit record names it."""


def curl(
    proxy: Proxy,
    url: str,
    body: bytes,
    *,
    http2: bool = False,
    headers: tuple[str, ...] = ("content-type: application/json",),
    arguments: tuple[str, ...] = (),
) -> Answer:
    """One request with curl through the proxy, exactly these body bytes, under a user agent
    of its own (to find its audit record)."""
    client = f"leak-check/{uuid.uuid4().hex}"
    command = ["curl", "--silent", "--show-error", "--http2" if http2 else "--http1.1", url, "-A", client]
    command += ["--data-binary", "@-", "--write-out", "\n%{http_code}"]
    for header in headers:
        command += ["-H", header]
    command += list(arguments)
    done = subprocess.run(
        command, input=body, env=proxy.environment(), capture_output=True, timeout=30, check=True
    )
    answer, _, status = done.stdout.rpartition(b"\n")
    return Answer(int(status), answer, client)


def words_received(request: Received) -> set[str]:
    """Every word in what the provider got: the raw bytes and, for JSON, every decoded string
    and key at any depth (escapes such as `\\u0041` decoded as the provider decodes them)."""
    content = request.content
    found = set(WORD.findall(content.decode("utf-8", "replace")))
    try:
        document = json.loads(content, object_pairs_hook=_pairs)
    except ValueError:
        return found
    for text in _strings(document):
        found |= set(WORD.findall(text))
    return found


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Every copy of a duplicated key counts: a provider may read any of them.
    return {"keys": [key for key, _ in pairs], "values": [value for _, value in pairs]}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def assert_kept_in(fake: FakeProvider, answer: Answer, names: frozenset[str] = NAMES) -> str:
    """The promise, checked: 'blocked' (nothing forwarded, a provider-shaped refusal) or
    'forwarded' (no defined name and no secret in any byte the provider got)."""
    if not fake.received:
        assert answer.status in (400, 403, 413, 426), answer
        error = json.loads(answer.body)
        assert "Pretense" in json.dumps(error), error
        return "blocked"
    for request in fake.received:
        seen = words_received(request)
        assert not (seen & names), f"{request.path}: {sorted(seen & names)} reached the provider"
        assert SECRET not in request.content.decode("utf-8", "replace"), request.path
    return "forwarded"


def trail_record(proxy: Proxy, answer: Answer, timeout: float = 10) -> dict[str, Any]:
    """The audit record of the request that got `answer` (found by its user agent)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for record in records(proxy.home.audit_trail):
            if record.get("type") == "request" and record.get("client") == answer.client:
                return record
        time.sleep(0.05)
    raise AssertionError(f"no audit record of {answer.client} in {proxy.home.audit_trail}")
