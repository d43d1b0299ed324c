"""Where SIEM events go: `syslog://host:514` (UDP), `syslog+tcp://host:514`,
`syslog+tls://host:6514`, or `file:///path/events.jsonl` (one event a line, for a collector
that picks files up)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import urlsplit


class Transport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"
    FILE = "file"


_SCHEMES = {
    "syslog": (Transport.UDP, 514),
    "syslog+udp": (Transport.UDP, 514),
    "syslog+tcp": (Transport.TCP, 514),
    "syslog+tls": (Transport.TLS, 6514),
}


@dataclass(frozen=True, slots=True)
class Endpoint:
    transport: Transport
    host: str
    port: int
    path: str = ""  # a file endpoint's file

    def __str__(self) -> str:
        if self.transport is Transport.FILE:
            return f"file://{self.path}"
        scheme = "syslog" if self.transport is Transport.UDP else f"syslog+{self.transport}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"


def parse_endpoint(text: str) -> Endpoint:
    parts = urlsplit(text)
    if parts.scheme == "file":
        if parts.netloc or not parts.path.startswith("/") or parts.path.endswith("/"):
            raise ValueError(f"SIEM endpoint {text!r}: a file endpoint is file:///absolute/path/events.jsonl")
        return Endpoint(Transport.FILE, "", 0, parts.path)
    if parts.scheme not in _SCHEMES:
        raise ValueError(
            f"SIEM endpoint {text!r}: use syslog://host:514 (UDP), syslog+tcp://host:514, "
            "syslog+tls://host:6514 or file:///path/events.jsonl"
        )
    transport, default_port = _SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError as e:
        raise ValueError(f"SIEM endpoint {text!r}: the port is not a number from 1 to 65535") from e
    if not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"SIEM endpoint {text!r}: expected {parts.scheme}://host:port and nothing else")
    return Endpoint(transport, parts.hostname, port)
