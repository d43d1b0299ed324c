"""One guard around every hook: no exception in a Pretense hook lets an AI request out.

`load` and `configure` are left to mitmproxy on purpose: a failure there stops the proxy
from starting, which forwards nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import hooks
from mitmproxy.test import taddons, tflow

from addons.guard import GUARDED
from addons.suite import suite
from installation.home import Home
from tests.addons.suite import Parts

STARTUP = frozenset({"load", "configure"})


def test_every_hook_of_every_addon_is_guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRETENSE_HOME", str(tmp_path))
    unguarded = [
        f"{type(addon).__name__}.{name}"
        for addon in suite()
        for name in hooks.all_hooks
        if name not in STARTUP
        and callable(getattr(addon, name, None))
        and not getattr(getattr(addon, name), GUARDED, False)
    ]
    assert unguarded == []


def test_a_failure_while_routing_blocks_an_ai_request_and_records_it(tmp_path: Path) -> None:
    parts = Parts(Home(tmp_path))
    router = parts.router()
    router.routes.match = lambda host, path: 1 / 0  # type: ignore[method-assign,assignment]
    flow = tflow.tflow()
    flow.request.host, flow.request.path = "api.anthropic.com", "/v1/messages"
    with taddons.context(router):
        router.requestheaders(flow)
    assert flow.response is not None
    assert flow.response.status_code == 403
    assert (
        "ZeroDivisionError in Router.requestheaders"
        in json.loads(flow.response.content or b"")["error"]["message"]
    )
    exchange = parts.exchanges.get(flow)
    assert exchange is not None  # the audit trail gets a record of what was refused
    assert exchange.failure == "ZeroDivisionError in Router.requestheaders"


def test_a_failure_on_a_flow_that_is_not_ours_passes_it(tmp_path: Path) -> None:
    parts = Parts(Home(tmp_path))
    router = parts.router()
    router.routes.match = lambda host, path: 1 / 0  # type: ignore[method-assign,assignment]
    flow = tflow.tflow()
    flow.request.host = "registry.npmjs.org"
    with taddons.context(router):
        router.requestheaders(flow)
    assert flow.response is None
