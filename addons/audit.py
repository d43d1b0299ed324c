"""Writes the audit trail (and, through it, the SIEM events): one record per AI request,
plus start, stop, policy loads and exceptions.

The event loop only gathers references into a small `RequestFacts` and enqueues it; the
writer thread reads model and token usage from the bodies, fingerprints what must not be
stored in clear, hashes, signs and writes.
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
import time
import weakref
from collections.abc import Callable, Iterable

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.flowstate import (
    ATTRIBUTION,
    BLOCKED,
    FINGERPRINTS,
    FOUND,
    INSPECTED,
    PASSED,
    RENAMED,
    REPOSITORY,
    REWRITTEN,
    RULE,
    TIER,
    USER,
    destination,
    route_of,
)
from addons.flowstate import (
    EXCEPTION as EXCEPTION_USED,
)
from audit.capture import BlobStore
from audit.chain import key_id
from audit.keys import ensure_signing_key
from audit.record import EXCEPTION, POLICY, START, STOP, Record, timestamp
from audit.request import RequestFacts, deferred
from audit.writer import TrailWriter
from installation.fingerprints import fingerprint_key
from installation.home import load_key, locate_home
from siem.forwarder import SiemForwarder, parse_siem_options

logger = logging.getLogger("pretense")

_HEAD, _TAIL = 4096, 8192  # token usage sits at the start and the end of an answer


class _Tee:
    """Keeps the first and last bytes of a streamed answer, passing every chunk on."""

    __slots__ = ("head", "inner", "size", "tail")

    def __init__(self, inner: Callable[[bytes], Iterable[bytes] | bytes] | None) -> None:
        self.inner = inner
        self.head = b""
        self.tail = b""
        self.size = 0

    def __call__(self, chunk: bytes) -> Iterable[bytes] | bytes:
        if chunk:
            self.size += len(chunk)
            if len(self.head) < _HEAD:
                self.head += chunk[: _HEAD - len(self.head)]
            self.tail = (self.tail + chunk)[-_TAIL:]
        return self.inner(chunk) if self.inner is not None else chunk


class Auditor:
    def __init__(self) -> None:
        self.writer: TrailWriter | None = None
        self.siem: SiemForwarder | None = None
        self.audit_key = b""
        self.capture: BlobStore | None = None
        self._os_user = _os_user()
        self._received: weakref.WeakKeyDictionary[http.HTTPFlow, int | None] = weakref.WeakKeyDictionary()
        self._added: weakref.WeakKeyDictionary[http.HTTPFlow, float] = weakref.WeakKeyDictionary()
        self._tees: weakref.WeakKeyDictionary[http.HTTPFlow, _Tee] = weakref.WeakKeyDictionary()
        self._policy_recorded: object = None

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
            "pretense_audit_checkpoint_seconds", int, 60, "... and at least every N seconds with new records."
        )
        loader.add_option(
            "pretense_audit_rotate_mb", int, 100, "Start a new trail file past this size (MiB)."
        )
        loader.add_option("pretense_siem_format", str, "", "SIEM event format: cef or leef (empty: none).")
        loader.add_option(
            "pretense_siem_endpoint",
            str,
            "",
            "SIEM receiver: syslog://host:514 (UDP), syslog+tcp://host:514, syslog+tls://host:6514.",
        )
        loader.add_option("pretense_siem_ca", str, "", "CA file to verify a syslog+tls:// receiver with.")
        loader.add_option("pretense_siem_syslog", str, "rfc5424", "Syslog framing: rfc5424 or rfc3164.")
        loader.add_option(
            "pretense_siem_queue_mb", int, 256, "Bound of the on-disk queue of undelivered SIEM events (MiB)."
        )

    def configure(self, updated: set[str]) -> None:
        # The trail and SIEM options are read once, when the proxy starts.
        if self.writer is None and ctx.options.pretense_audit:
            self._start()
        if "pretense_policy" in updated and self.writer is not None:
            self._record_policy()

    def done(self) -> None:
        if self.writer is not None:
            self.writer.close({"type": STOP, "ts": timestamp(time.time()), "pid": os.getpid()})
            self.writer = None
        if self.siem is not None:
            self.siem.close()
            self.siem = None

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if self.writer is None or route_of(flow) is None:
            return
        length = flow.request.headers.get("content-length", "")
        self._received[flow] = int(length) if length.isdigit() else None

    def request(self, flow: http.HTTPFlow) -> None:
        # Listed last: what the suite's request hooks took is the latency it added.
        if self.writer is not None and flow.request.timestamp_end and route_of(flow) is not None:
            self._added[flow] = (time.time() - flow.request.timestamp_end) * 1000

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        response = flow.response
        if self.writer is None or response is None or route_of(flow) is None or not response.stream:
            return
        inner = response.stream if callable(response.stream) else None
        tee = _Tee(inner)
        self._tees[flow] = tee
        response.stream = tee

    def response(self, flow: http.HTTPFlow) -> None:
        if self.writer is not None and route_of(flow) is not None:
            self._record_request(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        if self.writer is not None and route_of(flow) is not None and flow.response is None:
            self._record_request(flow)

    def _record_request(self, flow: http.HTTPFlow) -> None:
        assert self.writer is not None
        self._record_policy()  # the gate reloads a changed file: its hash precedes the first request under it
        route = route_of(flow)
        assert route is not None
        request, response, metadata = flow.request, flow.response, flow.metadata
        auth = metadata.get("proxyauth")
        facts = RequestFacts(
            started=request.timestamp_start,
            flow_id=flow.id,
            user=auth[0] if auth else metadata.get(USER) or self._os_user,
            user_source="proxyauth" if auth else "os",
            client=request.headers.get("user-agent", "")[:120],
            client_address=flow.client_conn.peername[0] if flow.client_conn.peername else None,
            provider=route.provider,
            host=destination(flow),
            path=request.path.partition("?")[0],
            tier=metadata.get(TIER),
            repository=metadata.get(REPOSITORY),
            attribution=metadata.get(ATTRIBUTION) or "default",
            rule=metadata.get(RULE),
            inspected=metadata.get(INSPECTED, True) is not False,
            exception=metadata.get(EXCEPTION_USED),
            blocked=metadata.get(BLOCKED),
            rewritten=bool(metadata.get(REWRITTEN)),
            found=metadata.get(FOUND) or {},
            passed=metadata.get(PASSED) or {},
            fingerprints=metadata.get(FINGERPRINTS) or [],
            renamed=metadata.get(RENAMED) or frozenset(),
            received_bytes=self._received.pop(flow, None),
            sent_body=request.raw_content or b"",
            added_ms=self._added.pop(flow, None),
            error=flow.error.msg if flow.error else None,
        )
        if response is not None:
            facts.status = response.status_code
            tee = self._tees.pop(flow, None)
            if tee is not None:
                facts.response_head, facts.response_tail, facts.response_bytes = tee.head, tee.tail, tee.size
            else:
                body = response.raw_content or b""
                facts.response_tail, facts.response_bytes = body, len(body)
        self.writer.submit(deferred(facts, self.audit_key, self.capture))
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

    def _start(self) -> None:
        home = locate_home()
        directory = home.audit_trail
        try:
            signing_key = ensure_signing_key(home)
            self.audit_key = fingerprint_key(load_key(home))
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
                siem, directory / "siem-queue", max_bytes=ctx.options.pretense_siem_queue_mb << 20
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

    def _record_policy(self) -> None:
        """A policy record for the policy in force, once per policy loaded."""
        assert self.writer is not None
        gate = ctx.master.addons.get("policygate")
        policy = getattr(gate, "policy", None)
        if policy is None or policy is self._policy_recorded:
            return
        self._policy_recorded = policy
        self.writer.submit(
            {
                "type": POLICY,
                "ts": timestamp(time.time()),
                "source": str(policy.source),
                "sha256": policy.digest,
                "default_tier": str(policy.default_tier),
            }
        )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
