"""Inspections off the event loop: a pool of worker processes (`inspection.worker`), one job
at a time each, with a deadline per job.

A conversation goes back to the worker that saw its last turn while that worker is free (its
memos then hold the history); a busy worker's next job goes to an idle one. A job past its
deadline is abandoned: its worker is killed and replaced, and the caller gets `TooSlow`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inspection.request import Request, Verdict
from inspection.worker import HEADER, frame

logger = logging.getLogger("pretense")

StateMessage = Callable[[], tuple[object, ...]]
"""The ("state", generation, factory, policy, key, inventories) message for the state in force."""


class PoolError(Exception):
    """An inspection could not be done in the pool."""


class TooSlow(PoolError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the inspection did not finish within {seconds:g} s")
        self.seconds = seconds


class WorkerFailed(PoolError):
    """The worker raised, or died; the message says what happened."""


@dataclass
class _Worker:
    number: int
    process: asyncio.subprocess.Process
    ready: asyncio.Future[None]
    generation: int = -1
    busy: bool = False
    waiting: dict[int, asyncio.Future[Verdict]] = field(default_factory=dict)
    reader: asyncio.Task[None] | None = None


class InspectionPool:
    def __init__(self, size: int, state: StateMessage) -> None:
        self.size = size
        self._state = state
        self._workers: list[_Worker] = []
        self._free = asyncio.Condition()
        self._jobs = itertools.count()
        self._by_conversation: dict[int, int] = {}
        self._memory: dict[int, dict[str, int]] = {}
        self.waiting = 0
        """Inspections waiting for a free worker."""
        self.busy_seconds = 0.0
        """Worker time spent on inspections so far (its rate over the pool's size: utilisation)."""

    def memory(self) -> dict[int, dict[str, int]]:
        """What each worker's inspector remembered, in bytes by part, as of its last verdict."""
        return {number: dict(parts) for number, parts in sorted(self._memory.items())}

    @property
    def busy(self) -> int:
        return sum(1 for worker in self._workers if worker.busy)

    async def start(self) -> None:
        """Start the workers; each takes jobs once it has loaded what it inspects with (the
        proxy's start does not wait for that: an error logged while it starts stops mitmproxy)."""
        self._workers = [await self._spawn(number) for number in range(self.size)]

    async def ready(self) -> None:
        """Once every worker has loaded what it inspects with."""
        await asyncio.gather(*(worker.ready for worker in self._workers))

    async def close(self) -> None:
        for worker in self._workers:
            await _stop(worker)
        self._workers = []

    async def inspect(self, request: Request, conversation: int, deadline: float) -> Verdict:
        """The verdict of a worker; `conversation` names the conversation the request is a
        turn of, for the affinity; `deadline` is in seconds."""
        self.waiting += 1
        try:
            number = (await self._take(conversation)).number
        finally:
            self.waiting -= 1
        started = time.monotonic()
        try:
            return await self._run(self._workers[number], request, deadline)
        finally:
            self.busy_seconds += time.monotonic() - started
            async with self._free:
                self._workers[number].busy = False
                self._free.notify()

    async def _take(self, conversation: int) -> _Worker:
        async with self._free:
            while True:
                preferred = self._by_conversation.get(conversation)
                free = [w for w in self._workers if not w.busy]
                if free:
                    chosen = next((w for w in free if w.number == preferred), free[0])
                    chosen.busy = True
                    self._by_conversation[conversation] = chosen.number
                    if len(self._by_conversation) > 65536:
                        self._by_conversation.clear()  # affinity is a hint: forget it rather than grow
                    return chosen
                await self._free.wait()

    async def _run(self, worker: _Worker, request: Request, deadline: float) -> Verdict:
        state = self._state()
        generation = state[1]
        assert worker.process.stdin is not None
        if worker.generation != generation:
            worker.process.stdin.write(frame(state))
            worker.generation = generation  # type: ignore[assignment]
        job = next(self._jobs)
        answer: asyncio.Future[Verdict] = asyncio.get_running_loop().create_future()
        worker.waiting[job] = answer
        worker.process.stdin.write(frame(("inspect", job, generation, request)))
        try:
            await worker.ready  # a replacement may still be loading: that is not the job's time
            await worker.process.stdin.drain()
            return await asyncio.wait_for(answer, deadline)
        except TimeoutError:
            logger.error("an inspection took longer than %g s: worker %d replaced", deadline, worker.number)
            await self._replace(worker)
            raise TooSlow(deadline) from None
        except (ConnectionError, BrokenPipeError) as e:
            await self._replace(worker)
            raise WorkerFailed(f"worker {worker.number} is gone ({e})") from e
        finally:
            worker.waiting.pop(job, None)

    async def _replace(self, worker: _Worker) -> None:
        await _stop(worker)
        self._memory.pop(worker.number, None)
        replacement = await self._spawn(worker.number)
        replacement.busy = True  # the caller's `finally` frees the slot
        self._workers[worker.number] = replacement

    async def _spawn(self, number: int) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "inspection.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 30,
        )
        assert process.stdin is not None
        process.stdin.write(frame(list(sys.path)))
        worker = _Worker(number, process, asyncio.get_running_loop().create_future())
        worker.reader = asyncio.create_task(self._read(worker), name=f"pretense worker {number}")
        return worker

    async def _read(self, worker: _Worker) -> None:
        stdout = worker.process.stdout
        assert stdout is not None
        try:
            while True:
                (size,) = HEADER.unpack(await stdout.readexactly(HEADER.size))
                reply = _unpickle(await stdout.readexactly(size))
                if reply[0] == "ready":
                    worker.ready.set_result(None)
                    continue
                answer = worker.waiting.get(reply[1])
                if answer is None or answer.done():
                    continue
                if reply[0] == "verdict":
                    self._memory[worker.number] = reply[3]
                    answer.set_result(reply[2])
                else:
                    logger.error("inspection failed in worker %d: %s", worker.number, reply[3])
                    answer.set_exception(WorkerFailed(reply[2]))
        except (asyncio.IncompleteReadError, ConnectionError):
            if not worker.ready.done():
                worker.ready.set_exception(WorkerFailed(f"worker {worker.number} exited while starting"))
            for answer in worker.waiting.values():
                if not answer.done():
                    answer.set_exception(WorkerFailed(f"worker {worker.number} exited"))


def _unpickle(data: bytes) -> Any:
    return pickle.loads(data)


async def _stop(worker: _Worker) -> None:
    """Kill the worker and reap it (no process is left behind as a zombie)."""
    if worker.reader is not None:
        worker.reader.cancel()
    if worker.process.returncode is None:
        worker.process.kill()
    await worker.process.wait()
