"""The suite's parts as the entry script builds them, for addon tests that call hooks
directly (`mitmproxy.test.taddons`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mitmproxy import http
from mitmproxy.test import tflow

from addons.answers import Answers
from addons.exchange import Exchange, Exchanges
from addons.inspection import Inspection
from addons.router import Router
from addons.state import InspectorFactory, SuiteState
from inspection.inspector import Inspector
from installation.home import Home, ensure_home
from providers.routes import RouteTable


@dataclass
class Parts:
    home: Home
    factory: InspectorFactory = Inspector.build
    routes: RouteTable = field(default_factory=RouteTable)
    exchanges: Exchanges = field(default_factory=Exchanges)

    def __post_init__(self) -> None:
        ensure_home(self.home)
        self.state = SuiteState(self.home, self.factory)

    def router(self) -> Router:
        return Router(self.routes, self.exchanges, self.home.root)

    def inspection(self) -> Inspection:
        return Inspection(self.state, self.routes, self.exchanges)

    def answers(self) -> Answers:
        return Answers(self.routes, self.exchanges)

    def policy(self, text: str) -> Path:
        path = self.home.root / "test-policy.yaml"
        path.write_text(text)
        return path

    def ai_flow(
        self, body: bytes, host: str = "api.anthropic.com", path: str = "/v1/messages"
    ) -> http.HTTPFlow:
        flow = tflow.tflow()
        flow.request.host, flow.request.path = host, path
        flow.request.content = body
        route = self.routes.match(host, path)
        assert route is not None
        self.exchanges.open(flow, Exchange(route, host, user="alice"))
        return flow
