"""Rewrites an AI request's text before it leaves, and restores the answer as it comes back.

Streamed answers are rewritten event by event as they arrive; nothing waits for the end.
In a tier that fails closed, a request that cannot be read or rewritten is blocked.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable, Mapping

from mitmproxy import ctx, http

from addons.flowstate import (
    FINGERPRINTS,
    FOUND,
    INSPECTED,
    PASSED,
    RENAMED,
    REWRITTEN,
    TIER,
    block,
    route_of,
)
from installation.home import load_key, locate_home
from mutators.base import IDENTITY, FieldKind, RequestRefused, RequestTransform, Restoration, TextField
from policy.inventory import Inventory
from policy.model import Policy, Tier
from policy.transforms import tier_transforms
from providers.encoding import chunk_decoder
from providers.errors import WireFormatError
from providers.exchange import restore_response, rewrite_request
from providers.routes import Route
from providers.uninspected import NotInspected

logger = logging.getLogger("pretense")


class Rewriter:
    def __init__(self, transforms: Mapping[Tier, RequestTransform] | None = None) -> None:
        """`transforms` fixes what each tier does (tests); by default it follows the policy."""
        self.transforms: dict[Tier, RequestTransform] = dict(transforms or {})
        self._follows_policy = transforms is None
        self._policy: Policy | None = None
        self._inventories: tuple[Inventory, ...] | None = None
        self._restorations: weakref.WeakKeyDictionary[http.HTTPFlow, Restoration] = (
            weakref.WeakKeyDictionary()
        )

    def configure(self, updated: set[str]) -> None:
        if self._follows_policy and "pretense_policy" in updated:
            self._follow_policy()

    def _follow_policy(self) -> None:
        """Rebuild the transforms when the PolicyGate (listed before this addon) has loaded a
        policy other than the one they were built from."""
        gate = ctx.master.addons.get("policygate")
        if gate.policy is not self._policy or gate.inventories is not self._inventories:
            self._policy, self._inventories = gate.policy, gate.inventories
            inventoried = frozenset().union(*(i.names for i in gate.inventories))
            self.transforms = tier_transforms(gate.policy, load_key(locate_home()), inventoried)

    def request(self, flow: http.HTTPFlow) -> None:
        route = route_of(flow)
        if route is None or flow.response is not None:
            return
        if self._follows_policy:
            self._follow_policy()
        tier = Tier(flow.metadata.get(TIER, Tier.RESTRICTED))
        if flow.request.headers.get("upgrade", "").lower() == "websocket" and tier is not Tier.PUBLIC:
            # Frames of an open WebSocket are not read: answer 426 and the client (Codex)
            # falls back to HTTP with server-sent events, which are.
            flow.response = http.Response.make(
                426,
                route.wire.error_body(
                    426, "Pretense reads AI traffic over HTTP only; use server-sent events."
                ),
                {"content-type": "application/json", **route.wire.error_headers()},
            )
            return
        started = time.perf_counter()
        transform = self.transforms.get(tier, IDENTITY)
        body = b""
        try:
            body = flow.request.get_content() or b""
            if not body:
                raise WireFormatError("the request has no body")
            result = rewrite_request(route.wire, body, transform)
        except RequestRefused as e:
            block(flow, route, 403, f"{e.reason}.")
            return
        except NotInspected as e:
            flow.metadata[INSPECTED] = False
            self._refuse(flow, route, tier, 403, f"Pretense cannot inspect this request: {e.reason}", body)
            return
        except (WireFormatError, ValueError) as e:
            self._refuse(flow, route, tier, 400, f"the request body could not be read ({e})", body)
            return
        except Exception:
            logger.exception("rewriting %s failed", flow.request.path)
            if transform is not IDENTITY:  # the tier promises a rewrite: never forward without it
                block(flow, route, 403, "an internal error stopped Pretense from rewriting it.")
            return
        if result.body is not None:
            flow.request.content = result.body
        self._restorations[flow] = result.restoration
        flow.metadata[REWRITTEN] = result.body is not None
        flow.metadata[FOUND] = dict(result.found)
        flow.metadata[PASSED] = dict(result.passed)
        flow.metadata[FINGERPRINTS] = list(result.fingerprints)
        flow.metadata[RENAMED] = result.renamed
        logger.info(
            "%s %s tier=%s fields=%d rewritten=%s found=%s %.2f ms",
            route.provider,
            flow.request.path.partition("?")[0],
            tier,
            result.fields,
            "yes" if result.body is not None else "no",
            ",".join(f"{kind}:{count}" for kind, count in sorted(result.found.items())) or "-",
            (time.perf_counter() - started) * 1000,
        )

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        route = route_of(flow)
        restoration = self._restorations.get(flow)
        response = flow.response
        if route is None or response is None:
            return
        if restoration is None or not restoration.active or not 200 <= response.status_code < 300:
            # Nothing to restore, or an upstream error that clients match word for word.
            response.stream = True
            return
        if response.headers.get("content-type", "").startswith("text/event-stream"):
            response.stream = self._stream(flow, route, restoration)

    def response(self, flow: http.HTTPFlow) -> None:
        route = route_of(flow)
        restoration = self._restorations.pop(flow, None)
        response = flow.response
        if route is None or restoration is None or response is None or response.stream:
            return
        try:
            body = response.get_content()
            restored = restore_response(route.wire, body, restoration) if body else None
        except (WireFormatError, ValueError) as e:
            logger.warning("answer to %s not restored: %s", flow.request.path, e)
            return
        if restored is not None:
            response.content = restored

    def _stream(
        self, flow: http.HTTPFlow, route: Route, restoration: Restoration
    ) -> Callable[[bytes], list[bytes]] | bool:
        assert flow.response is not None
        headers = flow.response.headers
        decode = chunk_decoder(headers.get("content-encoding", ""))
        if decode is None:
            logger.warning(
                "answer to %s uses unsupported content-encoding %r: passed unrestored",
                flow.request.path,
                headers["content-encoding"],
            )
            return True
        headers.pop("content-encoding", None)
        headers.pop("content-length", None)
        rewriter = route.wire.stream(restoration)

        def stream(chunk: bytes) -> list[bytes]:
            out = rewriter.feed(decode(chunk)) if chunk else rewriter.flush()
            # An empty write would end a chunked body early: send nothing instead.
            return [out] if out else []

        return stream

    def _refuse(
        self, flow: http.HTTPFlow, route: Route, tier: Tier, status: int, reason: str, body: bytes
    ) -> None:
        if tier.fails_closed:
            block(flow, route, status, f"{reason}; the {tier} tier forwards nothing it cannot rewrite.")
            return
        held = self._secrets_in(tier, body)
        if held:
            block(
                flow,
                route,
                status,
                f"{reason}, and it holds {held}, which cannot be redacted in a body Pretense cannot read.",
            )
            return
        logger.warning("forwarding %s unchanged (%s tier): %s", flow.request.path, tier, reason)

    def _secrets_in(self, tier: Tier, body: bytes) -> str:
        """The kinds of secret the tier's transform finds in an unreadable body, as words."""
        transform = self.transforms.get(tier, IDENTITY)
        if transform is IDENTITY or not body:
            return ""
        whole = TextField(("body",), body.decode("utf-8", "replace"), FieldKind.MESSAGE)
        try:
            found = transform.apply([whole]).found
        except RequestRefused:
            return "what the policy blocks"
        return ", ".join(kind.replace("_", " ") for kind in sorted(found))
