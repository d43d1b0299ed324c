"""Records what AI answers produced, on a thread of its own: the proxy's event loop hands
over references to an answer's bytes as the client got them (after restoration) and goes
on; this thread reads the code out of the answer, fingerprints its lines and appends one
entry to the provenance log. Neither the event loop nor the audit writer waits for it."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from attestations.agents import agent_name
from attestations.lines import code_lines, line_fingerprint
from attestations.produced import produced_code
from attestations.store import AiExchange, ProvenanceLog
from providers.base import WireFormat
from providers.encoding import chunk_decoder
from providers.model import requested_model

logger = logging.getLogger("pretense")

MAX_WAITING = 256


@dataclass(frozen=True, slots=True)
class Answered:
    """One AI exchange as the proxy saw it; bodies are references, not copies."""

    epoch: float
    flow: str
    user_agent: str
    provider: str
    path: str
    model: str
    """The model the request asked for, where the inspection read it."""
    request: bytes
    wire: WireFormat
    answer: Sequence[bytes]
    streamed: bool
    encoding: str
    """The answer's content encoding as the client got it ("" once restoration decoded it)."""
    key: bytes
    """The key line fingerprints are made with, as it was when the answer came."""
    repository: str | None = None
    root: str | None = None
    tier: str | None = None
    blocked: bool = False
    answered: bool = True
    """A 2xx answer from the provider (an error or a refusal produced no code)."""
    detections: Mapping[str, int] = field(default_factory=dict)


class ProvenanceRecorder:
    def __init__(self, log: ProvenanceLog) -> None:
        self.log = log
        self._queue: queue.Queue[Answered | None] = queue.Queue(MAX_WAITING)
        self._thread = threading.Thread(target=self._run, name="pretense-provenance", daemon=True)
        self._full = False
        self.dropped_at: float | None = None
        """When an answer was last left unrecorded (the queue full): provenance since is partial."""

    def start(self) -> None:
        self._thread.start()

    def submit(self, answered: Answered) -> None:
        try:
            self._queue.put_nowait(answered)
        except queue.Full:
            self.dropped_at = time.time()
            if not self._full:
                logger.warning(
                    "provenance: %d answers wait to be read; the lines of the next ones are not "
                    "recorded until it catches up",
                    MAX_WAITING,
                )
            self._full = True
            return
        self._full = False

    def close(self, timeout: float = 10.0) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def drain(self) -> None:
        """Wait until every answer handed over is in the log (tests, and before attesting)."""
        self._queue.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self.log.append(exchange_of(item))
            except Exception:  # one unreadable answer must not stop the recording of the rest
                logger.exception("provenance: an answer could not be recorded")
            finally:
                self._queue.task_done()


def exchange_of(answered: Answered) -> AiExchange:
    files: dict[str | None, set[str]] = {}
    if answered.answered and not answered.blocked:
        decode = chunk_decoder(answered.encoding)
        if decode is not None:
            body = [decode(chunk) for chunk in answered.answer]
            for produced in produced_code(answered.wire, body, answered.streamed):
                lines = {line_fingerprint(answered.key, line) for line in code_lines(produced.text)}
                if lines:
                    files.setdefault(produced.path, set()).update(lines)
    return AiExchange(
        epoch=answered.epoch,
        flow=answered.flow,
        agent=agent_name(answered.user_agent, answered.provider),
        model=answered.model or requested_model(answered.path, answered.request),
        repository=answered.repository,
        root=answered.root,
        tier=answered.tier,
        blocked=answered.blocked,
        detections=dict(answered.detections),
        files=tuple((path, frozenset(lines)) for path, lines in files.items()),
    )
