"""Writes the audit trail (and, through it, the SIEM events): one record per AI request,
plus start, stop, policy loads and exceptions.

The event loop only gathers references into a small `RequestFacts` and enqueues it; the
writer thread reads model and token usage from the bodies, fingerprints what must not be
stored in clear and what was sent and answered, hashes, signs and writes. An answer's end
reaches the client only once its record is written: mitmproxy sends the end of a response
after the `response` hook, which waits for the writer. If the record cannot be written, a
tier that needs it gets an error instead (a streamed answer is cut off before its end).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchange, Exchanges, event_stream
from addons.guard import block, guarded
from addons.state import SuiteState
from audit.anchors import AnchorStore
from audit.capture import BlobStore
from audit.chain import key_id
from audit.device import AuditDevice
from audit.keys import ensure_signing_key
from audit.record import EXCEPTION, POLICY, RELOAD_FAILED, START, STOP, Record, timestamp
from audit.request import RequestFacts, deferred
from audit.writer import TrailWriter, Written
from installation.fingerprints import fingerprint_key
from providers.routes import RouteTable
from siem.forwarder import SiemForwarder, parse_siem_options

logger = logging.getLogger("pretense")

_HEAD, _TAIL = 4096, 8192  # token usage sits at the start and the end of an answer
INSTANCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")
RECORD_WAIT = 5.0  # longest an answer's end waits for its record (the writer normally takes < 1 ms)


class _Tee:
    """Keeps the first and last bytes of a streamed answer as the provider sent them (token
    usage), and references to the chunks the client gets (fingerprinted on the writer
    thread), passing every chunk on."""

    __slots__ = ("delivered", "head", "inner", "size", "tail")

    def __init__(self, inner: Callable[[bytes], Iterable[bytes] | bytes] | None) -> None:
        self.inner = inner
        self.head = b""
        self.tail = b""
        self.size = 0
        self.delivered: list[bytes] = []

    def __call__(self, chunk: bytes) -> Iterable[bytes] | bytes:
        if chunk:
            self.size += len(chunk)
            if len(self.head) < _HEAD:
                self.head += chunk[: _HEAD - len(self.head)]
            self.tail = (self.tail + chunk)[-_TAIL:]
        out = self.inner(chunk) if self.inner is not None else chunk
        if isinstance(out, bytes):
            if out:
                self.delivered.append(out)
            return out
        chunks = list(out)
        self.delivered += chunks
        return chunks


class Auditor:
    def __init__(
        self, state: SuiteState, routes: RouteTable, exchanges: Exchanges, device: AuditDevice
    ) -> None:
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.device = device
        self.writer: TrailWriter | None = None
        self.siem: SiemForwarder | None = None
        self.capture: BlobStore | None = None
        self._tees: weakref.WeakKeyDictionary[http.HTTPFlow, _Tee] = weakref.WeakKeyDictionary()
        self._pending: list[Record] = []  # what the state said before the trail was open
        self._audit_key = (-1, b"")  # (state generation, the key fingerprints are made with)
        state.listeners.append(self._state_changed)

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_audit", bool, True, "Write the audit trail (in the Pretense home, audit-trail/)."
        )
        loader.add_option(
            "pretense_audit_capture",
            bool,
            False,
            "Also keep exactly what was sent to the provider, content-addressed in audit-trail/blobs/.",
        )
        loader.add_option(
            "pretense_audit_checkpoint_records", int, 1000, "Sign a checkpoint every N audit records."
        )
        loader.add_option(
            "pretense_audit_checkpoint_seconds",
            int,
            5,
            "... and every N seconds while records arrive (the most a cut tail can hide).",
        )
        loader.add_option(
            "pretense_audit_anchors",
            str,
            "",
            "Put each checkpoint off the host too: an anchor file (appended to) or folder (one file "
            "each, for a write-once store) on another machine; `pretense audit verify --anchors` reads it.",
        )
        loader.add_option(
            "pretense_audit_rotate_mb", int, 100, "Start a new trail file past this size (MiB)."
        )
        loader.add_option(
            "pretense_instance",
            str,
            "",
            "This instance's name in a gateway fleet sharing one home: its trail is "
            "audit-trail/<name>/ and every record names it (default: one trail, named by the host).",
        )
        loader.add_option(
            "pretense_siem_format", str, "", "SIEM event format: cef, leef or ocsf (empty: none)."
        )
        loader.add_option(
            "pretense_siem_endpoint",
            str,
            "",
            "SIEM receiver: syslog+tcp://host:514, syslog+tls://host:6514, syslog://host:514 (UDP, "
            "lossy), or file:///path/events.jsonl (one event a line).",
        )
        loader.add_option("pretense_siem_ca", str, "", "CA file to verify a syslog+tls:// receiver with.")
        loader.add_option("pretense_siem_syslog", str, "rfc5424", "Syslog framing: rfc5424 or rfc3164.")
        loader.add_option(
            "pretense_siem_queue_mb", int, 256, "Bound of the on-disk queue of undelivered SIEM events (MiB)."
        )

    def configure(self, updated: set[str]) -> None:
        # The trail and SIEM options are read once, when the proxy starts.
        if self.writer is None and ctx.options.pretense_audit:
            writer = self._start()
            for record in self._pending:
                writer.submit(record)
            self._pending.clear()

    def submit(self, record: Record) -> None:
        """Write a record another addon made (a guardrail decision on a tool call)."""
        if self.writer is not None:
            self.writer.submit(record)

    @guarded
    def done(self) -> None:
        if self.writer is not None:
            self.writer.close({"type": STOP, "ts": timestamp(time.time()), "pid": os.getpid()})
            self.writer = None
        if self.siem is not None:
            self.siem.close()
            self.siem = None

    @guarded
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        response = flow.response
        exchange = self.exchanges.get(flow)
        if self.writer is None or response is None or exchange is None or not response.stream:
            return
        if response.stream is True and not event_stream(response) and self._needs_record(exchange):
            # A whole answer streamed through would be the client's at its last byte (its
            # Content-Length says so), before `response` could wait for the record: where the
            # tier needs the record first, the answer is read whole and sent after it.
            response.stream = False
            return
        inner = response.stream if callable(response.stream) else None
        tee = _Tee(inner)
        self._tees[flow] = tee
        response.stream = tee

    @guarded
    async def response(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        if self.writer is None or exchange is None:
            return
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[str | None] = loop.create_future()

        def written(why: str | None) -> None:  # on the writer thread
            loop.call_soon_threadsafe(_settle, outcome, why)

        streamed = self._record_request(flow, exchange, written)
        try:
            why = await asyncio.wait_for(outcome, RECORD_WAIT)
        except TimeoutError:
            why = f"the audit trail took more than {RECORD_WAIT:.0f} s to write the record"
        if why is not None and exchange.blocked is None:  # a refusal of ours carries nothing away
            self._unrecorded(flow, exchange, why, streamed)

    @guarded
    def error(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        if self.writer is not None and exchange is not None and flow.response is None:
            self._record_request(flow, exchange)

    def _needs_record(self, exchange: Exchange) -> bool:
        policy = self.state.policy
        tier = exchange.verdict.tier if exchange.verdict is not None else None
        return policy is None or tier is None or policy.needs_record(tier)

    def _unrecorded(self, flow: http.HTTPFlow, exchange: Exchange, why: str, streamed: bool) -> None:
        """The answer's record could not be written: where the tier needs one, the client gets
        no answer without it."""
        if not self._needs_record(exchange):
            logger.error(
                "audit: answer delivered without its record (%s tier, policy: forward): %s",
                exchange.tier,
                why,
            )
            return
        if streamed:
            logger.error("audit: streamed answer cut off before its end, its record not written: %s", why)
            flow.kill()
            return
        block(
            flow,
            exchange.route.wire,
            503,
            f"the audit trail could not record the answer ({why}), so it was withheld. Tell your "
            "platform team.",
            exchange,
        )

    def _record_request(
        self, flow: http.HTTPFlow, exchange: Exchange, written: Written | None = None
    ) -> bool:
        """Hand the flow's record over; whether its answer was streamed."""
        assert self.writer is not None
        response = flow.response
        facts = _facts(flow, exchange)
        tee = None
        if response is not None:
            facts.status = response.status_code
            tee = self._tees.pop(flow, None)
            if tee is not None:
                facts.response_head, facts.response_tail, facts.response_bytes = tee.head, tee.tail, tee.size
                facts.delivered = tee.delivered
            else:
                body = response.raw_content or b""
                facts.response_tail, facts.response_bytes = body, len(body)
                facts.delivered = (body,)
        self.writer.submit(deferred(facts, self._fingerprint_key(), self.capture), written)
        if facts.exception is not None:
            self.writer.submit(
                {
                    "type": EXCEPTION,
                    "ts": timestamp(facts.started),
                    "flow": flow.id,
                    "user": facts.user,
                    "exception": facts.exception,
                }
            )
        return tee is not None

    def _start(self) -> TrailWriter:
        home = self.state.home
        instance = ctx.options.pretense_instance
        directory = home.audit_trail / instance if instance else home.audit_trail
        try:
            if instance and not INSTANCE_NAME.fullmatch(instance):
                raise ValueError(f"pretense_instance: {instance!r} is not a name (letters, digits, . _ -)")
            signing_key = ensure_signing_key(home)
            siem = parse_siem_options(
                ctx.options.pretense_siem_format,
                ctx.options.pretense_siem_endpoint,
                ctx.options.pretense_siem_ca,
                ctx.options.pretense_siem_syslog,
            )
        except ValueError as e:
            raise exceptions.OptionsError(str(e)) from e
        sinks: Iterable[Callable[[Record], None]] = ()
        if siem is not None:
            self.siem = SiemForwarder(
                siem,
                directory / "siem-queue",
                max_bytes=ctx.options.pretense_siem_queue_mb << 20,
                device=self.device,
                report=self._siem_dropped,
            )
            self.siem.start()
            sinks = (self.siem.accept,)
        self.capture = BlobStore(directory / "blobs") if ctx.options.pretense_audit_capture else None
        self.writer = TrailWriter(
            directory,
            signing_key,
            checkpoint_records=ctx.options.pretense_audit_checkpoint_records,
            checkpoint_seconds=ctx.options.pretense_audit_checkpoint_seconds,
            rotate_bytes=ctx.options.pretense_audit_rotate_mb << 20,
            sinks=tuple(sinks),
            anchors=AnchorStore(Path(ctx.options.pretense_audit_anchors))
            if ctx.options.pretense_audit_anchors
            else None,
            device=self.device,
            instance=instance or socket.gethostname(),
        )
        self.writer.start()
        self.writer.submit(
            {
                "type": START,
                "ts": timestamp(time.time()),
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "key_id": key_id(signing_key.public_key()),
                "capture": self.capture is not None,
                "siem": str(siem.endpoint) if siem else None,
            }
        )
        logger.info("audit trail in %s%s", directory, f", SIEM events to {siem.endpoint}" if siem else "")
        return self.writer

    def _fingerprint_key(self) -> bytes:
        """The key fingerprints are made with, from the installation key in force."""
        generation = self.state.generation
        if self._audit_key[0] != generation:
            self._audit_key = (generation, fingerprint_key(self.state.key))
        return self._audit_key[1]

    def _siem_dropped(self, record: Record) -> None:
        """The SIEM queue dropped events: the trail records which (its record reaches the SIEM too)."""
        if self.writer is not None:
            self.writer.submit(record)

    def _state_changed(self, what: str, details: dict[str, object]) -> None:
        """A policy put in force precedes the first request under it in the trail; a reload
        that failed is evidence too."""
        kind = POLICY if what == "policy" else RELOAD_FAILED
        record: Record = {"type": kind, "ts": timestamp(time.time()), **details}
        if self.writer is None:
            self._pending.append(record)
        else:
            self.writer.submit(record)


def _settle(outcome: asyncio.Future[str | None], why: str | None) -> None:
    if not outcome.done():  # a wait that timed out has stopped listening
        outcome.set_result(why)


def _facts(flow: http.HTTPFlow, exchange: Exchange) -> RequestFacts:
    request, verdict = flow.request, exchange.verdict
    decision = verdict.decision if verdict is not None else None
    attribution = decision.attribution if decision is not None else None
    return RequestFacts(
        started=request.timestamp_start,
        flow_id=flow.id,
        user=exchange.user or "unknown",
        user_source=exchange.user_source,
        client=request.headers.get("user-agent", "")[:120],
        client_address=flow.client_conn.peername[0] if flow.client_conn.peername else None,
        tool=exchange.client.tool if exchange.client is not None else "unknown",
        tool_version=exchange.client.version if exchange.client is not None else "",
        tool_approved=decision.tool_approved if decision is not None else None,
        client_hints=exchange.client_hints,
        provider=exchange.route.provider,
        host=exchange.host,
        path=request.path.partition("?")[0],
        tier=exchange.tier,
        repository=decision.repository if decision is not None else None,
        attribution=attribution.source.value if attribution is not None else "default",
        rule=decision.rule if decision is not None else None,
        inspected=verdict.inspected if verdict is not None else False,
        exception=decision.exception.describe() if decision is not None and decision.exception else None,
        blocked=exchange.blocked,
        rewritten=verdict.rewritten if verdict is not None else False,
        found=dict(verdict.found) if verdict is not None else {},
        passed=dict(verdict.passed) if verdict is not None else {},
        fingerprints=verdict.fingerprints if verdict is not None else (),
        identifiers=verdict.identifiers if verdict is not None else (),
        files=verdict.files if verdict is not None else (),
        unknown_fields=verdict.unknown_fields if verdict is not None else 0,
        leak=verdict.leak if verdict is not None else None,
        failure=exchange.failure,
        received_bytes=exchange.received_bytes,
        sent_body=request.raw_content or b"",
        # The verdict's HMAC holds while the body is the one it let out.
        sent_fingerprint=verdict.sent_fingerprint
        if verdict is not None
        and exchange.forwarded is not None
        and request.raw_content is exchange.forwarded
        else None,
        model=verdict.model if verdict is not None and verdict.decision is not None else None,
        added_ms=exchange.added_ms,
        error=flow.error.msg if flow.error else None,
        subject=exchange.subject,
        email=exchange.email,
        groups=tuple(exchange.groups),
    )
