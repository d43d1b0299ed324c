from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow

from addons.flowstate import ROUTE, TIER
from addons.policy import PolicyGate


def gate_with(tmp_path: Path, text: str) -> tuple[PolicyGate, Path]:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return PolicyGate(), path


@pytest.mark.parametrize(
    ("tier", "blocked"), [("public", False), ("restricted", False), ("confidential", True)]
)
def test_tier_is_recorded_and_confidential_is_blocked(tmp_path: Path, tier: str, blocked: bool) -> None:
    gate, path = gate_with(tmp_path, f"version: 1\ndefault_tier: {tier}\n")
    flow = tflow.tflow()
    flow.metadata[ROUTE] = "openai:openai-chat"
    with taddons.context(gate) as tctx:
        tctx.configure(gate, pretense_policy=str(path))
        gate.request(flow)
    assert flow.metadata[TIER] == tier
    assert (flow.response is not None) is blocked
    if flow.response is not None:
        error = json.loads(flow.response.content or b"")["error"]
        assert flow.response.status_code == 403
        assert str(path) in error["message"]
        assert "exception" in error["message"]


def test_flows_that_are_not_ai_requests_are_left_alone(tmp_path: Path) -> None:
    gate, path = gate_with(tmp_path, "version: 1\ndefault_tier: confidential\n")
    flow = tflow.tflow()
    with taddons.context(gate) as tctx:
        tctx.configure(gate, pretense_policy=str(path))
        gate.request(flow)
    assert flow.response is None
    assert TIER not in flow.metadata


def test_a_broken_policy_is_an_options_error_naming_file_and_line(tmp_path: Path) -> None:
    gate, path = gate_with(tmp_path, "version: 1\ndefault_tier: secret\n")
    with (
        taddons.context(gate) as tctx,
        pytest.raises(exceptions.OptionsError, match=rf"{path}:2: default_tier"),
    ):
        tctx.configure(gate, pretense_policy=str(path))
