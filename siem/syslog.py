"""Syslog framing: RFC 5424 or RFC 3164 headers, and RFC 6587 octet counting for TCP/TLS.

The event text follows the header directly (no tag of our own before `CEF:` in 3164, as
Sentinel's agent expects; no BOM)."""

from __future__ import annotations

import datetime
import enum

FACILITY_LOG_AUDIT = 13
APP_NAME = "pretense"


class Framing(enum.StrEnum):
    RFC5424 = "rfc5424"
    RFC3164 = "rfc3164"


def syslog_severity(severity: int) -> int:
    """CEF's 0-10 scale onto syslog's 0 (emergency) - 7 (debug)."""
    if severity >= 9:
        return 2  # critical
    if severity >= 7:
        return 3  # error
    if severity >= 4:
        return 4  # warning
    return 5 if severity >= 1 else 6  # notice, informational


def frame(message: str, severity: int, epoch_ms: int, hostname: str, framing: Framing, procid: int) -> bytes:
    priority = FACILITY_LOG_AUDIT * 8 + syslog_severity(severity)
    moment = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.UTC)
    host = _hostname(hostname)
    if framing is Framing.RFC5424:
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        return f"<{priority}>1 {stamp} {host} {APP_NAME} {procid} - - {message}".encode()
    stamp = f"{moment:%b} {moment.day:2d} {moment:%H:%M:%S}"
    return f"<{priority}>{stamp} {host} {message}".encode()


def octet_counted(frame_bytes: bytes) -> bytes:
    return str(len(frame_bytes)).encode() + b" " + frame_bytes


def _hostname(name: str) -> str:
    printable = "".join(c for c in name if 33 <= ord(c) <= 126)
    return printable[:255] or "-"
