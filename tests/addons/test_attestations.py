"""The attestations addon: the code an answer produced is recorded as the client got it
(restored), without changing a byte of the answer; the hooks' endpoint answers only this
machine, reads what it is sent strictly, and signs only what the audit trail records."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import orjson
import pytest
from mitmproxy import http
from mitmproxy.test import taddons, tflow

from addons.attestations import Attestations
from addons.audit import Auditor
from attestations.compact import decode
from attestations.dsse import verified_by
from attestations.keys import trusted_keys
from attestations.lines import line_fingerprint, lines_key
from attestations.recorder import ProvenanceRecorder
from attestations.store import ProvenanceLog
from audit.device import AuditDevice
from audit.files import records
from audit.keys import load_public_key
from audit.verify import verify_trail
from inspection.request import Verdict
from installation.home import Home, load_key
from policy.model import Tier
from tests.addons.suite import Parts
from tests.attestations.repos import commit, repository, staged_tree, write
from tests.doubles import SwapTransform
from tests.e2e import shapes

SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger"})
EDIT = {
    "file_path": "/src/ledger/accounts.py",
    "old_string": "pass",
    "new_string": "class Zq7Hx1Ledger:\n    def rebalance(self):\n        return 0\n",
}


class Suite:
    def __init__(self, root: Path) -> None:
        self.parts = Parts(Home(root))
        self.parts.state.load(self.parts.policy("version: 1\ndefault_tier: restricted\n"))
        self.device = AuditDevice()
        self.auditor = Auditor(self.parts.state, self.parts.routes, self.parts.exchanges, self.device)
        self.answers = self.parts.answers()
        self.addon = Attestations(
            self.parts.state, self.parts.routes, self.parts.exchanges, self.auditor, self.device
        )

    @property
    def log(self) -> ProvenanceLog:
        return ProvenanceLog(self.parts.home.root / "provenance")

    def fingerprint(self, line: str) -> str:
        return line_fingerprint(lines_key(load_key(self.parts.home)), line)

    def answered(self, response: http.Response) -> http.HTTPFlow:
        flow = self.parts.ai_flow(b'{"model":"claude-sonnet-5-5","messages":[]}')
        flow.request.headers["user-agent"] = "claude-cli/2.0.1 (external, cli)"
        exchange = self.parts.exchanges.get(flow)
        assert exchange is not None
        restoration = SWAP.apply([]).restoration
        exchange.verdict = Verdict(
            Tier.RESTRICTED, restoration=type(restoration)(restoration.originals, True)
        )
        flow.response = response
        return flow


@pytest.fixture
def suite(tmp_path: Path) -> Suite:
    return Suite(tmp_path)


def restored_alone(root: Path, upstream: bytes) -> bytes:
    """What `Answers` alone delivers of the same stream."""
    plain = Suite(root)
    flow = plain.answered(http.Response.make(200, b"", {"content-type": "text/event-stream"}))
    plain.answers.responseheaders(flow)
    assert flow.response is not None
    stream = flow.response.stream
    assert callable(stream)
    pieces = [upstream[i : i + 7] for i in range(0, len(upstream), 7)] + [b""]
    return b"".join(b"".join(stream(piece)) for piece in pieces)


def stream_through(suite: Suite, flow: http.HTTPFlow, upstream: bytes) -> bytes:
    suite.answers.responseheaders(flow)
    suite.addon.responseheaders(flow)
    assert flow.response is not None
    stream = flow.response.stream
    assert callable(stream)
    out = b"".join(b"".join(stream(upstream[i : i + 7])) for i in range(0, len(upstream), 7))
    out += b"".join(stream(b""))
    suite.answers.response(flow)
    suite.addon.response(flow)
    return out


def test_a_streamed_answers_code_is_recorded_restored_and_passed_unchanged(suite: Suite) -> None:
    upstream = shapes.anthropic_stream("Done.", EDIT, "Edit")
    with taddons.context(suite.addon):
        suite.addon.running()
        flow = suite.answered(http.Response.make(200, b"", {"content-type": "text/event-stream"}))
        delivered = stream_through(suite, flow, upstream)
        assert suite.addon.recorder is not None
        suite.addon.recorder.drain()
        suite.addon.done()
    assert delivered == restored_alone(suite.parts.home.root.parent / "alone", upstream)
    (logged,) = suite.log.read(
        {suite.fingerprint("class AccountLedger:"), suite.fingerprint("class Zq7Hx1Ledger:")}
    )
    assert logged.files == (
        ("/src/ledger/accounts.py", frozenset({suite.fingerprint("class AccountLedger:")})),
    )
    assert (logged.agent, logged.model, logged.tier) == ("claude-code", "claude-sonnet-5-5", "restricted")


def answer_whole(suite: Suite, body: bytes) -> None:
    """A whole (not streamed) answer through `Answers` and the addon, as the suite orders them."""
    flow = suite.answered(http.Response.make(200, body, {"content-type": "application/json"}))
    suite.answers.responseheaders(flow)
    suite.addon.responseheaders(flow)
    suite.answers.response(flow)
    suite.addon.response(flow)


def test_a_whole_answers_code_is_recorded_restored(suite: Suite) -> None:
    body = json.dumps(shapes.anthropic_message("Done.", EDIT, "Edit")).encode()
    with taddons.context(suite.addon):
        suite.addon.running()
        answer_whole(suite, body)
        assert suite.addon.recorder is not None
        suite.addon.recorder.drain()
        suite.addon.done()
    (logged,) = suite.log.read({suite.fingerprint("def rebalance(self):")})
    assert logged.files[0][1] == frozenset({suite.fingerprint("def rebalance(self):")})


def hook_flow(path: str, body: bytes, method: str = "POST", peer: str = "127.0.0.1") -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.request.method, flow.request.host, flow.request.path = method, "attest.pretense.invalid", path
    flow.request.content = body
    flow.client_conn.peername = (peer, 50000)
    return flow


def answer(flow: http.HTTPFlow) -> tuple[int, dict[str, object]]:
    assert flow.response is not None
    return flow.response.status_code, orjson.loads(flow.response.content or b"")


@pytest.mark.parametrize(
    ("flow", "status", "error"),
    [
        (hook_flow("/v1/attestations", b"{}", peer="10.1.2.3"), 403, "this machine's git hooks only"),
        (hook_flow("/v1/attestations", b"", method="GET"), 405, "POST"),
        (hook_flow("/v1/other", b"{}"), 404, "no such endpoint"),
        (hook_flow("/v1/attestations", b"{not json"), 400, "not JSON"),
        (
            hook_flow("/v1/attestations", b'{"root": "/r", "tree": "' + b"a" * 40 + b'"}'),
            503,
            "audit trail is off",
        ),
    ],
    ids=["another machine", "method", "path", "bad json", "no trail"],
)
def test_the_endpoint_refuses_what_it_cannot_attest(
    suite: Suite, flow: http.HTTPFlow, status: int, error: str
) -> None:
    with taddons.context(suite.addon):
        suite.addon.requestheaders(flow)
        asyncio.run(suite.addon.request(flow))
    got, document = answer(flow)
    assert got == status
    assert error in str(document["error"])


def test_an_attestation_is_signed_citing_the_trail_and_recorded_in_it(suite: Suite, tmp_path: Path) -> None:
    root = repository(tmp_path / "repo")
    write(root, {"src/app.py": "print('hello')\n"})
    tree = staged_tree(root)
    request = orjson.dumps({"root": str(root), "tree": tree, "parent": None, "since": None})
    with taddons.context(suite.auditor, suite.addon) as tctx:
        tctx.configure(suite.auditor)
        flow = hook_flow("/v1/attestations", request)
        suite.addon.requestheaders(flow)
        assert flow.request.stream is False
        asyncio.run(suite.addon.request(flow))
        status, document = answer(flow)
        assert status == 200, document
        made = commit(root, "App\n\n" + "".join(f"{k}: {v}\n" for k, v in document["trailers"]))  # type: ignore[attr-defined]
        committed = hook_flow("/v1/commits", orjson.dumps({"root": str(root), "commit": made}))
        asyncio.run(suite.addon.request(committed))
        assert answer(committed)[0] == 200
        bad_tree = hook_flow("/v1/attestations", orjson.dumps({"root": str(root), "tree": "0" * 40}))
        asyncio.run(suite.addon.request(bad_tree))
        assert answer(bad_tree)[0] == 409
        suite.auditor.done()
    (key, value) = document["trailers"][0]  # type: ignore[index]
    assert key == "Pretense-Attestation"
    assert "Pretense attested tree" in str(document["summary"])
    envelope = decode(value)
    assert verified_by(envelope, trusted_keys(suite.parts.home.public_key_file))
    trail = list(records(suite.parts.home.audit_trail))
    (given,) = [r for r in trail if r["type"] == "attestation"]
    cited = next(r for r in trail if r["seq"] == given["cites_seq"])
    assert given["seq"] > cited["seq"]
    (recorded,) = [r for r in trail if r["type"] == "commit"]
    assert (recorded["commit"], recorded["attested_tree"]) == (made, tree)
    assert verify_trail(
        suite.parts.home.audit_trail, load_public_key(suite.parts.home.public_key_file)
    ).intact


def attest_after_an_answer(
    suite: Suite, tmp_path: Path
) -> tuple[int, dict[str, object], list[dict[str, object]]]:
    """An Edit answered, its lines committed straight away: the attestation's status, its
    answer and the trail's attestation records."""
    root = repository(tmp_path / "repo")
    write(
        root, {"src/ledger/accounts.py": "class AccountLedger:\n    def rebalance(self):\n        return 0\n"}
    )
    tree = staged_tree(root)
    body = json.dumps(shapes.anthropic_message("Done.", EDIT, "Edit")).encode()
    request = orjson.dumps({"root": str(root), "tree": tree, "parent": None, "since": None})
    with taddons.context(suite.auditor, suite.addon) as tctx:
        tctx.configure(suite.auditor)
        suite.addon.running()
        answer_whole(suite, body)
        hook = hook_flow("/v1/attestations", request)
        suite.addon.requestheaders(hook)
        asyncio.run(suite.addon.request(hook))
        status, document = answer(hook)
        suite.addon.done()
        suite.auditor.done()
    trail = [r for r in records(suite.parts.home.audit_trail) if r["type"] == "attestation"]
    return status, document, trail


def test_an_answer_still_being_recorded_is_counted_in_the_attestation(
    suite: Suite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The recorder's thread is slow to log the answer: the attestation waits for it.
    append = ProvenanceLog.append

    def slow_append(log: ProvenanceLog, exchange: object) -> None:
        time.sleep(0.5)
        append(log, exchange)  # type: ignore[arg-type]

    monkeypatch.setattr(ProvenanceLog, "append", slow_append)
    status, document, (given,) = attest_after_an_answer(suite, tmp_path)
    assert status == 200, document
    assert (given["added_lines"], given["ai_lines"]) == (4, 3)  # the repository's first line is by hand


def test_an_answer_the_recorder_had_to_drop_refuses_the_attestation(suite: Suite, tmp_path: Path) -> None:
    # Provenance that lost answers would count their lines as written by hand.
    original = ProvenanceRecorder.submit

    def dropping(recorder: ProvenanceRecorder, answered: object) -> None:
        recorder.dropped_at = time.time()

    ProvenanceRecorder.submit = dropping  # type: ignore[method-assign]
    try:
        status, document, trail = attest_after_an_answer(suite, tmp_path)
    finally:
        ProvenanceRecorder.submit = original  # type: ignore[method-assign]
    assert status == 503
    assert "answers were not recorded" in str(document["error"])
    assert trail == []
