from __future__ import annotations

import gzip
import json

import pytest
from mitmproxy import http
from mitmproxy.net.encoding import encode_zstd
from mitmproxy.test import taddons, tflow

from addons.flowstate import BLOCKED, INSPECTED, REWRITTEN, ROUTE, TIER, route_name
from addons.rewriter import Rewriter
from detectors import default_scanner
from mutators.redaction import SecretRedactor
from policy.model import Tier
from providers import routes
from tests.doubles import SwapTransform
from tests.e2e import shapes

SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger"})
BODY = b'{"model":"m", "messages":[{"role":"user","content":"explain AccountLedger"}]}'


def ai_flow(body: bytes, tier: str = "restricted", encoding: str | None = None) -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.request.host, flow.request.path = "api.anthropic.com", "/v1/messages"
    if encoding:
        flow.request.headers["content-encoding"] = encoding
    flow.request.content = body
    flow.metadata[ROUTE] = "anthropic:anthropic-messages"
    flow.metadata[TIER] = tier
    return flow


def test_rewrites_the_request_and_records_it() -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(BODY)
    with taddons.context(rewriter):
        rewriter.request(flow)
    assert flow.request.content == BODY.replace(b"AccountLedger", b"Zq7Hx1Ledger")
    assert flow.metadata[REWRITTEN] is True


@pytest.mark.parametrize(("encoding", "compress"), [("gzip", gzip.compress), ("zstd", encode_zstd)])
def test_compressed_request_bodies_are_read_and_rewritten(encoding: str, compress: object) -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(BODY, encoding=encoding)
    with taddons.context(rewriter):
        rewriter.request(flow)
    assert flow.request.headers["content-encoding"] == encoding
    assert flow.request.get_content() == BODY.replace(b"AccountLedger", b"Zq7Hx1Ledger")


@pytest.mark.parametrize(
    ("tier", "body", "blocked"),
    [
        ("restricted", b"{not json", True),
        ("restricted", b"", True),
        ("confidential", b"[]", True),
        ("internal", b"{not json", False),
        ("public", b'{"messages": 3}', False),
    ],
)
def test_unreadable_bodies_block_only_in_tiers_that_fail_closed(
    tier: str, body: bytes, blocked: bool
) -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(body, tier)
    with taddons.context(rewriter):
        rewriter.request(flow)
    assert (flow.response is not None) is blocked
    if blocked:
        assert flow.response is not None
        assert flow.response.status_code == 400
        assert json.loads(flow.response.content or b"")["error"]["type"] == "invalid_request_error"
        assert "could not be read" in flow.metadata[BLOCKED]
    else:
        assert flow.request.content == body


def test_an_unreadable_body_holding_a_secret_is_blocked_in_the_internal_tier() -> None:
    redactor = SecretRedactor(default_scanner(), bytes(32))
    rewriter = Rewriter({Tier.INTERNAL: redactor})
    secret = (
        b'{"messages": [{"role": "user", "content": "GITHUB_TOKEN=ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"'
    )
    flow = ai_flow(secret, "internal")
    harmless = ai_flow(b'{"messages": [', "internal")
    with taddons.context(rewriter):
        rewriter.request(flow)
        rewriter.request(harmless)
    assert harmless.response is None
    assert flow.response is not None
    assert flow.response.status_code == 400
    message = json.loads(flow.response.content or b"")["error"]["message"]
    assert "could not be read" in message
    assert "it holds github token" in message
    assert "ghp_" not in message


@pytest.mark.parametrize("tier", ["restricted", "internal"])
def test_an_internal_failure_blocks_where_the_tier_rewrites(tier: str) -> None:
    class Broken:
        def apply(self, fields: object) -> object:
            raise RuntimeError("bug")

    rewriter = Rewriter({Tier(tier): Broken()})  # type: ignore[dict-item]
    flow = ai_flow(BODY, tier)
    with taddons.context(rewriter):
        rewriter.request(flow)
    assert flow.response is not None
    assert flow.response.status_code == 403
    assert b"internal error" in (flow.response.content or b"")


def test_a_gzip_stream_is_decoded_and_restored() -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(BODY)
    upstream = gzip.compress(shapes.anthropic_stream("see Zq7Hx1Ledger"))
    with taddons.context(rewriter):
        rewriter.request(flow)
        flow.response = http.Response.make(
            200, b"", {"content-type": "text/event-stream", "content-encoding": "gzip"}
        )
        rewriter.responseheaders(flow)
        assert callable(flow.response.stream)
        out = b"".join(
            b"".join(flow.response.stream(upstream[i : i + 5])) for i in range(0, len(upstream), 5)
        )
        out += b"".join(flow.response.stream(b""))
    assert "content-encoding" not in flow.response.headers
    deltas = [json.loads(line[6:]) for line in out.decode().splitlines() if '"text_delta"' in line]
    assert "".join(d["delta"]["text"] for d in deltas) == "see AccountLedger"


@pytest.mark.parametrize("status", [400, 429, 500, 529])
def test_upstream_errors_pass_unchanged(status: int) -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(BODY)
    error = b'{"type":"error","error":{"type":"x","message":"Zq7Hx1Ledger"}}'
    with taddons.context(rewriter):
        rewriter.request(flow)
        flow.response = http.Response.make(status, error, {"content-type": "application/json"})
        rewriter.responseheaders(flow)
        rewriter.response(flow)
    assert flow.response.stream is True
    assert flow.response.content == error


def test_a_json_answer_is_restored() -> None:
    rewriter = Rewriter({Tier.RESTRICTED: SWAP})
    flow = ai_flow(BODY)
    answer = json.dumps(shapes.anthropic_message("Zq7Hx1Ledger is fine")).encode()
    with taddons.context(rewriter):
        rewriter.request(flow)
        flow.response = http.Response.make(200, answer, {"content-type": "application/json"})
        rewriter.responseheaders(flow)
        rewriter.response(flow)
    assert json.loads(flow.response.content or b"")["content"][0]["text"] == "AccountLedger is fine"


@pytest.mark.parametrize(
    ("tier", "body", "outcome"),
    [
        ("restricted", b'{"input": "class AccountLedger: pass"}', "blocked"),
        ("internal", b'{"input": "GITHUB_TOKEN=ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"}', "blocked"),
        ("internal", b'{"input": "class AccountLedger: pass"}', "forwarded"),
        ("public", b'{"input": "GITHUB_TOKEN=ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"}', "forwarded"),
    ],
)
def test_a_recognised_endpoint_that_cannot_be_rewritten_never_passes_as_inspected(
    tier: str, body: bytes, outcome: str
) -> None:
    redactor = SecretRedactor(default_scanner(), bytes(32))
    rewriter = Rewriter({Tier.INTERNAL: redactor, Tier.RESTRICTED: SWAP})
    flow = ai_flow(body, tier)
    route = routes.match("api.mistral.ai", "/v1/agents/completions")
    assert route is not None
    flow.request.host, flow.request.path = "api.mistral.ai", "/v1/agents/completions"
    flow.metadata[ROUTE] = route_name(route)
    with taddons.context(rewriter):
        rewriter.request(flow)
    assert flow.metadata[INSPECTED] is False
    if outcome == "forwarded":
        assert flow.response is None
        assert flow.request.content == body
        return
    assert flow.response is not None
    assert flow.response.status_code == 403
    message = json.loads(flow.response.content or b"")["error"]["message"]
    assert message.startswith(
        "Pretense blocked this request: Pretense cannot inspect this request: "
        "Mistral's API is not rewritten yet"
    )
    assert "ghp_" not in message
