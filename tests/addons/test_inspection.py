"""The inspection addon applies each verdict to its flow, and no failure inside it lets a
request out."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from inspection.inspector import Inspector
from installation.home import Home
from policy.inventory import Inventory
from policy.model import Policy
from tests.addons.suite import Parts

CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"
BODY = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"```python\n{CODE}```"}]}).encode()


def run(parts: Parts, flow: object, policy: str = "version: 1\ndefault_tier: restricted\n") -> None:
    inspection = parts.inspection()

    async def request() -> None:
        with taddons.context(inspection) as tctx:
            tctx.configure(inspection, pretense_policy=str(parts.policy(policy)), pretense_workers=0)
            await inspection.request(flow)

    asyncio.run(request())


def test_a_rewritten_body_goes_out_with_its_new_length(tmp_path: Path) -> None:
    parts = Parts(Home(tmp_path))
    flow = parts.ai_flow(BODY)
    flow.request.headers["content-length"] = str(len(BODY))
    run(parts, flow)
    assert flow.response is None
    sent = flow.request.raw_content or b""
    assert b"AccountLedger" not in sent
    assert flow.request.headers["content-length"] == str(len(sent))
    summary = flow.metadata["pretense"]
    assert summary["tier"] == "restricted"
    assert summary["rewritten"] is True
    json.dumps(summary)  # what `mitmdump -w` saves: JSON-safe, and no clear name in it
    assert "AccountLedger" not in json.dumps(dict(flow.metadata), default=str)


@pytest.mark.parametrize("tier", ["internal", "restricted"])
def test_a_websocket_upgrade_is_answered_426_where_the_tier_reads_text(tmp_path: Path, tier: str) -> None:
    parts = Parts(Home(tmp_path))
    flow = parts.ai_flow(b"", "api.openai.com", "/v1/responses")
    flow.request.method = "GET"
    flow.request.headers["upgrade"] = "websocket"
    run(parts, flow, f"version: 1\ndefault_tier: {tier}\n")
    assert flow.response is not None
    assert flow.response.status_code == 426


def broken(policy: Policy, key: bytes, inventories: tuple[Inventory, ...]) -> Inspector:
    inspector = Inspector.build(policy, key, inventories)

    def fail(request: object) -> object:
        raise RuntimeError("a bug")

    inspector.inspect = fail  # type: ignore[method-assign]
    return inspector


def test_any_failure_inside_blocks_and_is_recorded(tmp_path: Path) -> None:
    parts = Parts(Home(tmp_path), factory=broken)
    flow = parts.ai_flow(BODY)
    run(parts, flow, "version: 1\ndefault_tier: public\n")  # even where nothing is promised
    assert flow.response is not None
    assert flow.response.status_code == 403
    error = json.loads(flow.response.content or b"")["error"]
    assert error["type"] == "permission_error"
    assert "an internal error (RuntimeError in Inspection.request)" in error["message"]
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    assert exchange.failure == "RuntimeError in Inspection.request"


def test_a_policy_that_cannot_be_used_stops_the_start(tmp_path: Path) -> None:
    parts = Parts(Home(tmp_path))
    inspection = parts.inspection()
    path = parts.policy("version: 1\ndefault_tier: secret\n")
    with taddons.context(inspection) as tctx, pytest.raises(exceptions.OptionsError, match=rf"{path}:2"):
        tctx.configure(inspection, pretense_policy=str(path))
