"""Turns audit records into SIEM messages and delivers them on a thread of its own, from the
on-disk queue, in order. A receiver that is down or slow never slows the proxy: messages
wait on disk, a log line says so (and again every minute with the count), and delivery
resumes where it stopped when the receiver is back."""

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

from siem.cef import format_cef
from siem.endpoint import Endpoint, parse_endpoint
from siem.events import SiemEvent, event_for
from siem.leef import format_leef
from siem.spool import Spool
from siem.syslog import Framing, frame
from siem.transport import SyslogSender

logger = logging.getLogger("pretense")

FORMATS: dict[str, Callable[[SiemEvent], str]] = {"cef": format_cef, "leef": format_leef}
RETRY_FIRST, RETRY_MAX = 0.2, 5.0
REPORT_EVERY = 60.0


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
    if not fmt or not endpoint:
        raise ValueError("a SIEM needs both a format (cef or leef) and an endpoint (syslog+tcp://host:514)")
    if fmt not in FORMATS:
        raise ValueError(f"SIEM format {fmt!r}: use cef or leef")
    try:
        framing_value = Framing(framing)
    except ValueError as e:
        raise ValueError(f"syslog framing {framing!r}: use rfc5424 or rfc3164") from e
    if ca_file and not Path(ca_file).is_file():
        raise ValueError(f"SIEM CA file {ca_file} does not exist")
    return SiemSettings(fmt, parse_endpoint(endpoint), ca_file or None, framing_value)


class SiemForwarder:
    def __init__(
        self, settings: SiemSettings, queue_dir: Path, max_bytes: int = 256 << 20, hostname: str | None = None
    ) -> None:
        self.settings = settings
        self.spool = Spool(queue_dir, max_bytes)
        self.delivered = 0
        self.down_since: float | None = None
        self._format = FORMATS[settings.format]
        self._hostname = hostname or socket.gethostname()
        self._sender = SyslogSender(settings.endpoint, settings.ca_file)
        self._stopping = False
        self._thread = threading.Thread(target=self._deliver, name="pretense-siem", daemon=True)
        self._last_report = 0.0

    def start(self) -> None:
        self._thread.start()

    def accept(self, record: Mapping[str, Any]) -> None:
        """Queue the event this audit record raises, if any (called on the audit writer thread)."""
        event = event_for(record)
        if event is None:
            return
        message = frame(
            self._format(event),
            event.severity,
            event.epoch_ms,
            self._hostname,
            self.settings.framing,
            os.getpid(),
        )
        if self.spool.append(message):
            return
        if self.spool.dropped in (1, 10, 100) or self.spool.dropped % 1000 == 0:
            logger.error(
                "SIEM queue full (%d MiB undelivered to %s): %d events dropped; "
                "the audit trail still holds them",
                self.spool.max_bytes >> 20,
                self.settings.endpoint,
                self.spool.dropped,
            )

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
            if self.down_since is not None:
                logger.warning(
                    "SIEM receiver %s is back after %.0f s: delivering the queued events",
                    self.settings.endpoint,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None

    def _went_down(self, error: OSError) -> None:
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = self._last_report = now
            logger.warning(
                "SIEM receiver %s unreachable (%s): events are queued on disk and delivered in order "
                "when it is back (%d bytes queued)",
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
                self.spool.dropped,
            )
