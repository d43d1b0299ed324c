"""One record per AI flow, shared by the addons: its route, who sent it, the inspection's
verdict, what failed, and the timings; the audit record is built from it.

It lives beside the flow, never in `flow.metadata` (which mitmproxy's `-w` serialises and
which holds only small JSON-safe summaries, never a clear name or a secret).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from mitmproxy import http

from inspection.request import Verdict
from providers.clients import ClientId
from providers.routes import Route

SUMMARY = "pretense"
"""The `flow.metadata` key of the flow's JSON-safe summary (route, tier, decision)."""


@dataclass
class Exchange:
    route: Route
    host: str
    """Where the request's bytes go."""
    received_bytes: int | None = None
    user: str | None = None
    user_source: str = "os"
    subject: str | None = None
    """The signed-in person's subject at the identity provider (OIDC sign-in)."""
    email: str | None = None
    groups: frozenset[str] = frozenset()
    """The groups the sign-in and the provisioned directory name."""
    tagged: str | None = None
    client: ClientId | None = None
    """The AI tool that sent it, as its headers say."""
    client_hints: dict[str, str] = field(default_factory=dict)
    verdict: Verdict | None = None
    blocked: str | None = None
    """Why Pretense answered the request itself, if it did."""
    failure: str | None = None
    """What went wrong inside Pretense, in words (the trace is in the log)."""
    added_ms: float | None = None
    """What the suite's request hooks added to the request's way out."""
    forwarded: bytes | None = None
    """The body the verdict let out (its `sent_fingerprint` is of these very bytes)."""

    @property
    def tier(self) -> str | None:
        return self.verdict.tier.value if self.verdict is not None else None

    def summary(self) -> dict[str, object]:
        """What goes in `flow.metadata`: small, JSON-safe, no clear name, no secret."""
        verdict = self.verdict
        return {
            "route": f"{self.route.provider}:{self.route.wire.name}",
            "tier": self.tier,
            "inspected": verdict.inspected if verdict is not None else None,
            "rewritten": verdict.rewritten if verdict is not None else False,
            "blocked": self.blocked,
            "failure": self.failure,
            "found": dict(verdict.found) if verdict is not None else {},
        }


class Exchanges:
    """The exchanges of the flows in flight; each goes with its flow."""

    def __init__(self) -> None:
        self._by_flow: weakref.WeakKeyDictionary[http.HTTPFlow, Exchange] = weakref.WeakKeyDictionary()

    def open(self, flow: http.HTTPFlow, exchange: Exchange) -> Exchange:
        self._by_flow[flow] = exchange
        return exchange

    def get(self, flow: http.HTTPFlow) -> Exchange | None:
        return self._by_flow.get(flow)

    def publish(self, flow: http.HTTPFlow) -> None:
        exchange = self._by_flow.get(flow)
        if exchange is not None:
            flow.metadata[SUMMARY] = exchange.summary()


def event_stream(response: http.Response) -> bool:
    """Whether the answer is server-sent events (restored and recorded event by event)."""
    return str(response.headers.get("content-type", "")).startswith("text/event-stream")
