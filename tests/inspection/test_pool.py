"""The pool of worker processes: the same verdicts as an inspection on the event loop, a
deadline that replaces a stuck worker, a dead worker reported as such, and new state sent
before the next job."""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Awaitable, Callable

import pytest

from inspection.inspector import Inspector
from inspection.pool import InspectionPool, TooSlow, WorkerFailed
from inspection.request import Request
from mutators.base import Syntax
from policy.file import parse_policy
from providers.routes import RouteTable
from tests.e2e import faults

KEY = bytes(range(32))
CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"
BODY = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"```python\n{CODE}```"}]}).encode()
ROUTE = RouteTable().match("api.anthropic.com", "/v1/messages")
assert ROUTE is not None
REQUEST = Request(ROUTE, "api.anthropic.com", "/v1/messages", BODY)


def state(
    tier: str = "restricted", generation: int = 1, factory: object = Inspector.build
) -> tuple[object, ...]:
    policy = parse_policy(f"version: 1\ndefault_tier: {tier}\n".encode(), "p.yaml")
    return ("state", generation, factory, policy, KEY, ())


def with_pool(
    size: int, message: Callable[[], tuple[object, ...]], use: Callable[[InspectionPool], Awaitable[None]]
) -> None:
    async def run() -> None:
        pool = InspectionPool(size, message)
        await pool.start()
        try:
            await use(pool)
        finally:
            await pool.close()

    asyncio.run(run())


def test_a_worker_gives_the_verdict_the_event_loop_would() -> None:
    inline = Inspector.build(state()[3], KEY).inspect(REQUEST)  # type: ignore[arg-type]

    async def use(pool: InspectionPool) -> None:
        verdict = await pool.inspect(REQUEST, 1, 30)
        assert verdict.raw == inline.raw
        assert b"AccountLedger" not in (verdict.raw or b"")
        restorer = verdict.restoration.restorer(Syntax.TEXT)
        assert "AccountLedger" in restorer.feed((verdict.raw or b"").decode()) + restorer.flush()

    with_pool(2, state, use)


def test_new_state_reaches_a_worker_before_its_next_job() -> None:
    current = [state("restricted", 1)]

    async def use(pool: InspectionPool) -> None:
        assert (await pool.inspect(REQUEST, 1, 30)).raw is not None  # restricted: renamed
        current[0] = state("public", 2)
        assert (await pool.inspect(REQUEST, 1, 30)).raw is None  # public: as it came

    with_pool(1, lambda: current[0], use)


def test_a_job_past_its_deadline_is_refused_and_its_worker_replaced() -> None:
    hanging = functools.partial(faults.build, "hang:rewrite")
    current = [state(factory=hanging)]

    async def use(pool: InspectionPool) -> None:
        started = time.monotonic()
        with pytest.raises(TooSlow):
            await pool.inspect(REQUEST, 1, 1.0)
        assert time.monotonic() - started < 5
        current[0] = state(generation=2)  # the replacement works with good state
        assert (await pool.inspect(REQUEST, 1, 30)).raw is not None

    with_pool(1, lambda: current[0], use)


def test_a_failure_in_a_worker_is_reported_not_swallowed() -> None:
    raising = functools.partial(faults.build, "raise:parse")

    async def use(pool: InspectionPool) -> None:
        with pytest.raises(WorkerFailed, match="injected fault"):
            await pool.inspect(REQUEST, 1, 30)

    with_pool(1, lambda: state(factory=raising), use)


def test_one_slow_job_does_not_hold_up_another_worker() -> None:
    hanging = functools.partial(faults.build, "hang:rewrite")

    async def use(pool: InspectionPool) -> None:
        await pool.ready()  # a worker still loading is not one held up
        slow = asyncio.create_task(pool.inspect(REQUEST, 1, 2.0))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        # The stuck worker is busy: the other one takes the next job, with good state.
        quick = Request(ROUTE, "api.anthropic.com", "/v1/messages", b"{not json")
        verdict = await pool.inspect(quick, 1, 30)
        assert "could not be read" in str(verdict.blocked)
        assert time.monotonic() - started < 1.5
        with pytest.raises(TooSlow):
            await slow

    with_pool(2, lambda: state(factory=hanging), use)


def test_each_worker_reports_what_its_inspector_remembers() -> None:
    async def use(pool: InspectionPool) -> None:
        assert pool.memory() == {}
        await pool.inspect(REQUEST, 1, 30)
        (parts,) = pool.memory().values()
        assert parts["splices"] > 0
        assert sum(parts.values()) > len(CODE)

    with_pool(1, state, use)
