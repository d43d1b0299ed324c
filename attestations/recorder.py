"""Records what AI answers produced, on a thread of its own: the proxy's event loop hands
over references to an answer's bytes as the client got them (after restoration) and goes
on; this thread reads the code out of the answer, fingerprints its lines and appends one
entry to the provenance log. Neither the event loop nor the audit writer waits for it."""

from __future__ import annotations

import collections
import logging
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
BATCH_SECONDS = 0.2
"""How often the recorder's thread looks for answers when nothing asks it to look now."""


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
    """The event loop only appends to a deque (no lock, no wake-up: waking a thread for
    every answer costs the loop a GIL hand-off each time); the thread looks every
    `BATCH_SECONDS`, or at once when an attestation or the stop asks it to."""

    def __init__(self, log: ProvenanceLog) -> None:
        self.log = log
        self._pending: collections.deque[Answered] = collections.deque()
        self._look = threading.Event()
        self._closing = False
        self._submitted = 0  # counted on the event loop only
        self._recorded = 0  # counted on the thread only, under `_progress`
        self._progress = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="pretense-provenance", daemon=True)
        self._full = False
        self.dropped_at: float | None = None
        """When an answer was last left unrecorded (too many waiting): provenance since is partial."""

    def start(self) -> None:
        self._thread.start()

    def submit(self, answered: Answered) -> None:
        if len(self._pending) >= MAX_WAITING:
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
        self._pending.append(answered)
        self._submitted += 1

    def close(self, timeout: float = 10.0) -> None:
        self._closing = True
        self._look.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every answer handed over so far is in the log (before attesting, and in
        tests); False if that took longer than `timeout` seconds."""
        target = self._submitted
        deadline = time.monotonic() + timeout
        with self._progress:
            self._look.set()
            while self._recorded < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._progress.wait(left)
        return True

    def _run(self) -> None:
        while True:
            self._look.wait(BATCH_SECONDS)
            self._look.clear()
            while self._pending:
                answered = self._pending.popleft()
                try:
                    self.log.append(exchange_of(answered))
                except Exception:  # one unreadable answer must not stop the recording of the rest
                    logger.exception("provenance: an answer could not be recorded")
                with self._progress:
                    self._recorded += 1
                    self._progress.notify_all()
            if self._closing:
                return


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
