"""One flow's answer through the relay: each tool call is judged as soon as it is complete,
released, refused, or held at the approval desk while the client's stream is kept alive with
the provider's own keep-alive; text before a call streams on as it arrives.

Fails closed: a call that cannot be judged is refused with an explanation, and a stream
that cannot be read any further is cut (the relay drops the connection).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import orjson

from approvals.desk import ApprovalDesk, Scope
from guardrails.answers import FoundCall, HeldStream, Outcome
from guardrails.judge import CallContext, Judge
from guardrails.wires import held_body, held_stream
from mutators.base import Restoration
from providers.base import WireFormat

logger = logging.getLogger("pretense")

Send = Callable[[bytes], Awaitable[None]]


class AnswerGuard:
    def __init__(
        self,
        wire: WireFormat,
        restoration: Restoration,
        judge: Judge,
        context: CallContext,
        desk: ApprovalDesk,
        scope: Scope,
        keepalive_seconds: float,
    ) -> None:
        self.wire = wire
        self.restoration = restoration
        self.judge = judge
        self.context = context
        self.desk = desk
        self.scope = scope
        self.keepalive_seconds = keepalive_seconds

    def error_body(self, status: int, message: str) -> bytes:
        return self.wire.error_body(status, message)

    async def stream(self, chunks: AsyncIterator[bytes], send: Send) -> None:
        held = held_stream(self.wire.name, self.restoration)
        assert held is not None, "the addon relays only wire formats that carry calls"
        changed = asyncio.Event()
        waiting: set[asyncio.Task[Outcome]] = set()

        def look(found: list[FoundCall]) -> None:
            for call in found:
                outcome = self._first_look(call)
                if isinstance(outcome, Outcome):
                    held.decide(call.key, outcome)
                    continue
                task = asyncio.create_task(outcome)
                waiting.add(task)
                task.add_done_callback(functools.partial(self._decided, held, call.key, changed=changed))

        try:
            await self._pipe(held, aiter(chunks), look, changed, send)
        finally:
            for task in waiting:
                task.cancel()

    async def _pipe(
        self,
        held: HeldStream,
        upstream: AsyncIterator[bytes],
        look: Callable[[list[FoundCall]], None],
        changed: asyncio.Event,
        send: Send,
    ) -> None:
        # While nothing waits, each chunk goes straight on: no task, no wake-up in between.
        ended = True
        async for chunk in upstream:
            look(held.feed(chunk))
            out = held.ready()
            if out:
                await send(out)
            if held.waiting:
                ended = False
                break
        if ended:
            look(held.finish())
            out = held.ready()
            if out:
                await send(out)
            if not held.waiting:
                return

        async def read() -> None:
            # A call waits: the rest of the answer is read meanwhile, and queued behind it.
            if not ended:
                async for chunk in upstream:
                    look(held.feed(chunk))
                    changed.set()
                look(held.finish())
            changed.set()

        reading = asyncio.create_task(read())
        try:
            await self._write(held, reading, changed, send)
        finally:
            reading.cancel()

    async def _write(
        self, held: HeldStream, reading: asyncio.Task[None], changed: asyncio.Event, send: Send
    ) -> None:
        last_sent = time.monotonic()
        while True:
            changed.clear()
            finished = reading.done()
            out = held.ready()
            if out:
                await send(out)
                last_sent = time.monotonic()
            if finished:
                reading.result()  # the reader's failure cuts the answer here
                if not held.waiting:
                    return
            timeout = None
            if held.waiting:
                timeout = max(0.0, self.keepalive_seconds - (time.monotonic() - last_sent))
            try:
                await asyncio.wait_for(changed.wait(), timeout)
            except TimeoutError:
                await send(held.keepalive)
                last_sent = time.monotonic()

    def _decided(
        self, held: HeldStream, key: int, task: asyncio.Task[Outcome], *, changed: asyncio.Event
    ) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            logger.error("guardrails: waiting for a decision failed; the call is refused", exc_info=error)
            held.decide(
                key, Outcome(False, f"Pretense could not decide on this call ({type(error).__name__}).")
            )
        else:
            held.decide(key, task.result())
        changed.set()

    async def whole(self, body: bytes) -> bytes:
        held = held_body(self.wire.name, self.restoration)
        assert held is not None, "the addon relays only wire formats that carry calls"
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return body  # no client reads a call out of what is not JSON
        found = held.calls(document)
        looks = [self._first_look(call) for call in found]
        waited = iter(await asyncio.gather(*(look for look in looks if not isinstance(look, Outcome))))
        outcomes = {
            call.key: look if isinstance(look, Outcome) else next(waited)
            for call, look in zip(found, looks, strict=True)
        }
        return held.render(body, outcomes)

    def _first_look(self, found: FoundCall) -> Outcome | Coroutine[Any, Any, Outcome]:
        """The call's outcome now, or the wait for it."""
        try:
            judgement = self.judge.judge(found.call, self.context)
            outcome = self.desk.first_look(found, judgement, self.scope)
        except Exception as e:  # fail closed: a call that cannot be judged is not passed on
            logger.error("guardrails: judging a %s call failed; it is refused", found.call.tool, exc_info=e)
            return self.desk.failed(found, self.scope, e)
        return outcome if outcome is not None else self.desk.hold(found, judgement, self.scope)
