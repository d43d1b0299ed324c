"""Helpers of the gateway tests: a tunnel opened by hand (what the proxy answers a CONNECT
with given credentials), and the records of a proxy's trail."""

from __future__ import annotations

import base64
import re
import socket
import time
from pathlib import Path

from audit.files import fleet_records, trail_folders
from audit.record import Record
from policy.attribution import tag_credentials


def credentials(token: str | None) -> str | None:
    if token is None:
        return None
    user, password = tag_credentials(None, token)
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def connect(port: int, token: str | None, host: str = "api.anthropic.com") -> tuple[int, str]:
    """The status and body a CONNECT with these credentials gets (the tunnel is then closed)."""
    lines = [f"CONNECT {host}:443 HTTP/1.1", f"Host: {host}:443"]
    if (header := credentials(token)) is not None:
        lines.append(f"Proxy-Authorization: {header}")
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next((int(v) for k, _, v in (h.partition(b":") for h in head.split(b"\r\n")[1:])
                       if k.strip().lower() == b"content-length"), 0)  # fmt: skip
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return status, body.decode(errors="replace")


def admin_port(log: Path) -> int:
    """The admin port a proxy started with `pretense_admin=127.0.0.1:0` opened, from its log."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if (found := re.search(rb"admin port 127\.0\.0\.1:(\d+)", log.read_bytes())) is not None:
            return int(found.group(1))
        time.sleep(0.05)
    raise RuntimeError(f"no admin port in {log}")


def trail(home: Path) -> list[Record]:
    return list(fleet_records(trail_folders([home / "audit-trail"])))


def requests_recorded(home: Path, count: int = 1, seconds: float = 5.0) -> list[Record]:
    """The request records of a proxy's trail once there are `count` (an answer with a
    Content-Length is complete before its record is written: the write follows within ms)."""
    deadline = time.monotonic() + seconds
    while True:
        found = [r for r in trail(home) if r["type"] == "request"]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
