"""Inspects every AI request before it leaves: the inspector decides its tier, rewrites its
text and checks what is about to leave; the request is then forwarded as rewritten, or
refused in the provider's error shape. Loads the policy, key and inventories it needs.

Small requests are inspected on the event loop (a worker round trip would cost more than
the work); larger ones in a pool of worker processes, within the policy's time limit, so
that one request's work never stalls another flow. A request seen before with the same
bytes, under the same state, gets the verdict it got then.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import zlib
from dataclasses import replace
from hashlib import sha256
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchange, Exchanges
from addons.guard import block, guarded
from addons.state import SuiteState
from addons.workdirs import WorkdirIndex
from audit.device import AuditDevice
from inspection.inspector import Inspector
from inspection.pool import InspectionPool, TooSlow
from inspection.request import Request, Verdict
from installation.errors import PretenseError
from installation.home import SHIPPED_DEFAULT_POLICY
from mutators.memo import Memo
from policy.model import Tier
from providers.routes import RouteTable

logger = logging.getLogger("pretense")


INLINE_KB = 32
VERDICTS_MB = 64
MEMORY_REPORT_SECONDS = 300.0
HASH_ON_LOOP_BYTES = 1 << 20


class Inspection:
    def __init__(
        self,
        state: SuiteState,
        routes: RouteTable,
        exchanges: Exchanges,
        workdirs: WorkdirIndex | None = None,
        audit: AuditDevice | None = None,
    ) -> None:
        """`workdirs`: indexes the repositories requests name (on a workstation); `audit`:
        whether a record can be made durable now, shared with the Auditor (one never attached
        refuses nothing)."""
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.workdirs = workdirs
        self.audit = audit or AuditDevice()
        self.pool: InspectionPool | None = None
        self._verdicts: Memo[tuple[object, ...], Verdict] = Memo(VERDICTS_MB << 20)
        self._verdicts_generation = -1
        self._reported = time.monotonic()

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_policy",
            str,
            "",
            "Pretense policy file (YAML); default: policy.yaml in the Pretense home.",
        )
        loader.add_option(
            "pretense_workers",
            int,
            os.cpu_count() or 1,
            "Worker processes that inspect requests off the event loop (0: all on the event loop).",
        )
        loader.add_option(
            "pretense_inline_kb",
            int,
            INLINE_KB,
            "Requests up to this size (KiB) are inspected on the event loop, larger ones by a worker.",
        )

    @guarded
    async def running(self) -> None:
        if ctx.options.pretense_workers > 0:
            self.pool = InspectionPool(ctx.options.pretense_workers, self.state.message)
            await self.pool.start()

    @guarded
    async def done(self) -> None:
        logger.info("%s", self.memory_report())
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

    def configure(self, updated: set[str]) -> None:
        if "pretense_policy" not in updated:
            return
        path = Path(ctx.options.pretense_policy or self.state.home.policy_file)
        if not ctx.options.pretense_policy and not path.exists():
            path = Path(str(SHIPPED_DEFAULT_POLICY))
        try:
            self.state.load(path)
        except PretenseError as e:
            raise exceptions.OptionsError(str(e)) from e

    @guarded
    async def request(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        if exchange is None or flow.response is not None:
            return
        self.state.refresh()
        inspector = self.state.inspector
        assert inspector is not None, "configure() loads the inspector before any flow"
        request = flow.request
        upgrade = request.headers.get("upgrade", "").lower() == "websocket"
        asked = Request(
            exchange.route,
            exchange.host,
            request.path,
            request.raw_content or b"",
            request.headers.get("content-encoding", ""),
            exchange.tagged,
            exchange.user,
            exchange.client,
            exchange.groups,
        )
        verdict = inspector.without_body(asked) if upgrade else await self._inspect(inspector, asked)
        if await self._indexed_first(verdict):
            verdict = await self._inspect(self.state.inspector or inspector, asked)
        exchange.verdict = verdict
        if verdict.leak is not None:
            logger.error("internal leak caught by the egress check, request refused: %s", verdict.leak)
        if verdict.decision is not None and verdict.decision.exception is not None:
            logger.info(
                "exception used by %s for %s: %s",
                exchange.user,
                verdict.decision.repository,
                verdict.decision.exception.describe(),
            )
        if verdict.blocked is not None:
            block(flow, exchange.route.wire, verdict.status, verdict.blocked, exchange)
        elif (unrecorded := self._unrecorded(verdict)) is not None:
            block(flow, exchange.route.wire, 503, unrecorded, exchange)
        elif upgrade and verdict.tier is not Tier.PUBLIC:
            self._refuse_websocket(flow, exchange)
        elif verdict.raw is not None:
            request.raw_content = verdict.raw
            if "content-length" in request.headers:
                request.headers["content-length"] = str(len(verdict.raw))
        if verdict.blocked is None and flow.response is None:
            exchange.forwarded = request.raw_content
        if verdict.note is not None and verdict.blocked is None:
            path = request.path.partition("?")[0]
            logger.warning("forwarding %s unchanged (%s tier): %s", path, verdict.tier, verdict.note)
        if request.timestamp_end:
            exchange.added_ms = (time.time() - request.timestamp_end) * 1000
        self.exchanges.publish(flow)
        _log(flow, verdict)
        if time.monotonic() - self._reported > MEMORY_REPORT_SECONDS:
            self._reported = time.monotonic()
            logger.info("%s", self.memory_report())

    def memory(self) -> dict[str, dict[str, int]]:
        """Bytes each cache holds, by owner: the verdicts, the inspector on the event loop and
        each worker's (as of its last verdict)."""
        inline = self.state.inspector.memory() if self.state.inspector is not None else {}
        owners = {"verdicts": {"verdicts": self._verdicts.size}, "inline": inline}
        if self.pool is not None:
            owners |= {f"worker {n}": parts for n, parts in self.pool.memory().items()}
        return owners

    def memory_report(self) -> str:
        parts = (
            f"{owner} {sum(sizes.values()) / (1 << 20):.1f} MiB" for owner, sizes in self.memory().items()
        )
        return "inspection caches hold: " + ", ".join(parts)

    async def _indexed_first(self, verdict: Verdict) -> bool:
        """Whether the repository the request names was just indexed for it: the first request
        of a repository not yet indexed waits (a little) for its names, then is inspected again."""
        decision = verdict.decision
        root = decision.attribution.root if decision is not None else None
        if self.workdirs is None or root is None or verdict.tier is not Tier.RESTRICTED:
            return False
        started = self.workdirs.wanted(root)
        if started is None:
            return False
        generation = self.state.generation
        done, _ = await asyncio.wait({started}, timeout=ctx.options.pretense_index_wait_seconds)
        return started in done and self.state.generation != generation

    async def _inspect(self, inspector: Inspector, request: Request) -> Verdict:
        if self._verdicts_generation != self.state.generation:
            self._verdicts.clear()  # what the last state decided says nothing of this one
            self._verdicts_generation = self.state.generation
        # A large body's digest is made off the loop (hashlib lets go of the GIL meanwhile).
        large = len(request.raw) > HASH_ON_LOOP_BYTES
        key = await asyncio.to_thread(_verdict_key, request) if large else _verdict_key(request)
        remembered = self._verdicts.get(key)
        if remembered is not None:
            return replace(remembered, stages={"remembered": 0.0})
        if self.pool is None or len(request.raw) <= ctx.options.pretense_inline_kb << 10:
            verdict = inspector.inspect(request)
        else:
            limit = inspector.policy.limits.rewrite_seconds
            try:
                verdict = await self.pool.inspect(request, zlib.crc32(request.raw[:4096]), limit)
            except TooSlow as e:
                return _too_slow(inspector, e)  # not remembered: it may be in time later
        self._verdicts.put(key, verdict, len(request.raw) + len(verdict.raw or b""))
        return verdict

    def _unrecorded(self, verdict: Verdict) -> str | None:
        """Vault's rule for the audit device: why the request must not leave while the audit
        trail cannot record it or the SIEM cannot take its events, as its tier and the policy say."""
        policy = self.state.policy
        if policy is None:
            return None
        return self.audit.refusal(policy.needs_record(verdict.tier), policy.needs_siem(verdict.tier))

    def _refuse_websocket(self, flow: http.HTTPFlow, exchange: Exchange) -> None:
        """Frames of an open WebSocket are not read: answer 426, and the client (Codex) falls
        back to HTTP with server-sent events, which are."""
        wire = exchange.route.wire
        flow.response = http.Response.make(
            426,
            wire.error_body(426, "Pretense reads AI traffic over HTTP only; use server-sent events."),
            {"content-type": "application/json", **wire.error_headers()},
        )
        exchange.blocked = "a WebSocket upgrade (answered 426: the client falls back to HTTP)"


def _too_slow(inspector: Inspector, error: TooSlow) -> Verdict:
    """A request whose inspection ran out of time: refused, whatever its tier would have
    been (deciding it is part of what ran out of time)."""
    reason = (
        f"it is too large to rewrite in time ({error}; the policy's limits.rewrite_seconds); "
        "send less at once, or ask your security team"
    )
    return Verdict(inspector.policy.default_tier, inspected=False, blocked=reason, status=413)


def _verdict_key(request: Request) -> tuple[object, ...]:
    """What decides a verdict besides the state: the request's bytes and where it goes, who
    sent it, and the day (exceptions expire)."""
    route = request.route
    body = sha256(request.raw).digest()
    sender = (
        request.host,
        request.path,
        request.encoding,
        request.tagged,
        request.user,
        request.client,
        request.groups,
    )
    return (route.provider, route.wire.name, *sender, time.strftime("%Y-%m-%d"), body)


def _log(flow: http.HTTPFlow, verdict: Verdict) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "%s %s tier=%s fields=%d rewritten=%s found=%s %s",
        flow.request.host,
        flow.request.path.partition("?")[0],
        verdict.tier,
        verdict.fields,
        "yes" if verdict.rewritten else "no",
        ",".join(f"{kind}:{count}" for kind, count in sorted(verdict.found.items())) or "-",
        " ".join(f"{stage}={ms:.2f}ms" for stage, ms in verdict.stages.items()),
    )
