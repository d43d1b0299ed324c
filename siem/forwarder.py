"""Turns audit records into SIEM messages and delivers them on a thread of its own, from the
on-disk queue, in order. A receiver that is down, slow or frozen never slows the proxy:
messages wait on disk, one log line says so per outage (and again every minute with the
count), and delivery resumes where it stopped when the receiver is back. A full queue
drops its oldest messages; the trail gets a record of which records' events went (and so,
in turn, does the SIEM), and the `AuditDevice` is told, for the tiers that refuse then."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.device import AuditDevice
from audit.record import SIEM_DROPPED, Record, timestamp
from siem.endpoint import Endpoint, Transport, parse_endpoint
from siem.formats import FORMATS, messages_for
from siem.spool import Spool
from siem.syslog import Framing, frame
from siem.transport import ReceiverStalled, SyslogSender

logger = logging.getLogger("pretense")

RETRY_FIRST, RETRY_MAX = 0.2, 5.0
REPORT_EVERY = 60.0
DROPS_REPORT_EVERY = 10.0  # one trail record per this long of dropping, not one per event
UDP_QUIET = 10.0  # UDP reports no delivery: a receiver is back once sends fail no more for this long
Report = Callable[[Record], None]


@dataclass(frozen=True, slots=True)
class SiemSettings:
    format: str
    endpoint: Endpoint
    ca_file: str | None = None
    framing: Framing = Framing.RFC5424


def parse_siem_options(fmt: str, endpoint: str, ca_file: str, framing: str) -> SiemSettings | None:
    """The SIEM settings, or None when no SIEM is configured; ValueError says what is wrong."""
    if not fmt and not endpoint:
        return None
    known = ", ".join(FORMATS)
    if not fmt or not endpoint:
        raise ValueError(f"a SIEM needs both a format ({known}) and an endpoint (syslog+tcp://host:514)")
    if fmt not in FORMATS:
        raise ValueError(f"SIEM format {fmt!r}: use {known}")
    try:
        framing_value = Framing(framing)
    except ValueError as e:
        raise ValueError(f"syslog framing {framing!r}: use rfc5424 or rfc3164") from e
    if ca_file and not Path(ca_file).is_file():
        raise ValueError(f"SIEM CA file {ca_file} does not exist")
    return SiemSettings(fmt, parse_endpoint(endpoint), ca_file or None, framing_value)


class _Drops:
    """Which records' events the full queue dropped since it was last said."""

    def __init__(self) -> None:
        self.count = 0
        self.first: int | None = None
        self.last: int | None = None
        self.said = 0.0

    def add(self, seqs: list[int]) -> None:
        self.count += len(seqs)
        self.first = min(seqs) if self.first is None else min(self.first, *seqs)
        self.last = max(seqs) if self.last is None else max(self.last, *seqs)


class SiemForwarder:
    def __init__(
        self,
        settings: SiemSettings,
        queue_dir: Path,
        max_bytes: int = 256 << 20,
        hostname: str | None = None,
        device: AuditDevice | None = None,
        report: Report | None = None,
    ) -> None:
        self.settings = settings
        self.spool = Spool(queue_dir, max_bytes)
        self.device = device or AuditDevice()
        self.report = report
        self.delivered = 0
        self.dropped = 0
        self.down_since: float | None = None
        self._hostname = hostname or socket.gethostname()
        self._sender = SyslogSender(settings.endpoint, settings.ca_file)
        self._stopping = False
        self._thread = threading.Thread(target=self._deliver, name="pretense-siem", daemon=True)
        self._last_report = 0.0
        self._last_failure = 0.0
        self._drops = _Drops()
        self._drops_lock = threading.Lock()

    def start(self) -> None:
        if self.settings.endpoint.transport is Transport.UDP:
            logger.warning(
                "SIEM events go to %s over UDP, which is lossy: a datagram the receiver misses is "
                "gone, and nothing tells that it was; use syslog+tcp:// or syslog+tls:// for an "
                "audit-grade stream",
                self.settings.endpoint,
            )
        self._thread.start()

    def accept(self, record: Mapping[str, Any]) -> None:
        """Queue the events this audit record raises, if any (called on the audit writer thread)."""
        seq = int(record.get("seq") or 0)
        for message in messages_for(record, self.settings.format):
            if self.settings.endpoint.transport is Transport.FILE:
                framed = message.text.encode()  # one event a line, no syslog header
            else:
                framed = frame(
                    message.text,
                    message.severity,
                    message.epoch_ms,
                    self._hostname,
                    self.settings.framing,
                    os.getpid(),
                )
            dropped = self.spool.append(framed, seq)
            if dropped:
                self._dropped(dropped)

    def close(self, timeout: float = 5.0) -> None:
        """Stop delivering after at most `timeout` seconds of trying; what is left stays queued."""
        deadline = time.monotonic() + timeout
        while self.spool.pending_bytes and self.down_since is None and time.monotonic() < deadline:
            time.sleep(0.02)
        with self.spool.ready:
            self._stopping = True
            self.spool.ready.notify_all()
        self._thread.join(timeout)
        self._sender.close()
        self.spool.close()

    def _dropped(self, seqs: list[int]) -> None:
        self.dropped += len(seqs)
        with self._drops_lock:
            self._drops.add(seqs)
        if self.device.siem_full is None:  # one line per time the queue fills, not per event
            logger.error(
                "SIEM queue full (%d MiB undelivered to %s): dropping the oldest events; the audit "
                "trail still holds their records and `pretense audit export` can backfill the SIEM",
                self.spool.max_bytes >> 20,
                self.settings.endpoint,
            )
        self.device.siem_queue(
            f"its queue of {self.spool.max_bytes >> 20} MiB for {self.settings.endpoint} is full"
        )
        self._say_drops(force=False)

    def _say_drops(self, force: bool) -> None:
        """Record what was dropped in the trail (whose record reaches the SIEM in turn)."""
        now = time.monotonic()
        with self._drops_lock:
            drops = self._drops
            if not drops.count or (not force and now - drops.said < DROPS_REPORT_EVERY):
                return
            self._drops = _Drops()
            self._drops.said = now
        if self.report is not None:
            self.report(
                {
                    "type": SIEM_DROPPED,
                    "ts": timestamp(time.time()),
                    "endpoint": str(self.settings.endpoint),
                    "events": drops.count,
                    "first_seq": drops.first,
                    "last_seq": drops.last,
                    "reason": f"SIEM queue full ({self.spool.max_bytes >> 20} MiB): oldest events dropped",
                }
            )

    def _deliver(self) -> None:
        delay = RETRY_FIRST
        while True:
            with self.spool.ready:
                while not self._stopping and self.spool.peek() is None:
                    self.spool.ready.wait()
                if self._stopping:
                    return
            message = self.spool.peek()
            assert message is not None
            try:
                self._sender.send(message)
            except ReceiverStalled as e:
                self._went_down(e)  # the same connection goes on where it stopped, in order
                continue
            except OSError as e:
                self._sender.close()
                self._went_down(e)
                with self.spool.ready:
                    self.spool.ready.wait(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            self.spool.pop(message)
            self.delivered += 1
            delay = RETRY_FIRST
            self._delivering()

    def _delivering(self) -> None:
        if self.spool.pending_bytes < self.spool.max_bytes // 2 and self.device.siem_full is not None:
            self.device.siem_queue(None)
            self._say_drops(force=True)
        if self.down_since is None:
            return
        now = time.monotonic()
        if self.settings.endpoint.transport is Transport.UDP and now - self._last_failure < UDP_QUIET:
            return
        logger.warning(
            "SIEM receiver %s is back after %.0f s: delivering the queued events",
            self.settings.endpoint,
            now - self.down_since,
        )
        self.down_since = None

    def _went_down(self, error: OSError) -> None:
        now = time.monotonic()
        self._last_failure = now
        if self.down_since is None:
            self.down_since = self._last_report = now
            logger.warning(
                "SIEM receiver %s unreachable or not reading (%s): events are queued on disk and "
                "delivered in order when it is back (%d bytes queued)",
                self.settings.endpoint,
                error,
                self.spool.pending_bytes,
            )
        elif now - self._last_report >= REPORT_EVERY:
            self._last_report = now
            logger.warning(
                "SIEM receiver %s still down for %.0f s: %d bytes queued, %d events dropped",
                self.settings.endpoint,
                now - self.down_since,
                self.spool.pending_bytes,
                self.dropped,
            )
