"""Sending framed syslog messages: UDP datagrams, or TCP/TLS streams with octet counting;
or appending events to a file, one a line.

A stream connection the receiver has closed is noticed before the next send (a syslog
receiver never writes to us, so a readable socket means it hung up), so that events are
queued instead of written into a dead socket. A receiver that stops reading (hung, frozen)
fills the kernel's buffers, which are kept small, and then a send makes no progress for
`WRITE_TIMEOUT`: the sender says so (`ReceiverStalled`) and resumes the same message where
it stopped on the next call, so that order holds when the receiver reads again; one that
has read nothing for `STALL_LIMIT` is given up and reconnected.
"""

from __future__ import annotations

import select
import socket
import ssl
import time
from typing import IO

from siem.endpoint import Endpoint, Transport
from siem.syslog import octet_counted

CONNECT_TIMEOUT = 5.0
WRITE_TIMEOUT = 1.0
STALL_LIMIT = 60.0
SEND_BUFFER = 64 << 10  # what the kernel may hold for a receiver that stopped reading


class ReceiverStalled(OSError):
    """The receiver accepted the connection but reads nothing; what was not sent is kept."""


class SyslogSender:
    def __init__(self, endpoint: Endpoint, ca_file: str | None = None) -> None:
        self.endpoint = endpoint
        self._ca_file = ca_file
        self._socket: socket.socket | None = None
        self._context: ssl.SSLContext | None = None
        if endpoint.transport is Transport.TLS:
            self._context = ssl.create_default_context(cafile=ca_file or None)
        self._unsent: tuple[bytes, memoryview] | None = None  # a message half sent, and its rest
        self._stalled_since: float | None = None
        self._file: IO[bytes] | None = None

    def send(self, frame: bytes) -> None:
        """Send one message; raises OSError when the receiver cannot take it (ReceiverStalled
        when it stopped reading: call again with the same message to go on)."""
        if self.endpoint.transport is Transport.FILE:
            if self._file is None:
                self._file = open(self.endpoint.path, "ab")  # noqa: SIM115 (kept open between events)
            self._file.write(frame + b"\n")
            self._file.flush()
            return
        sock = self._connected()
        if self.endpoint.transport is Transport.UDP:
            sock.send(frame)
            return
        rest = self._unsent[1] if self._unsent is not None and self._unsent[0] == frame else None
        data = rest if rest is not None else memoryview(octet_counted(frame))
        while data:
            try:
                data = data[sock.send(data) :]
            except TimeoutError as e:
                self._unsent = (frame, data)
                raise self._stalled() from e
            self._stalled_since = None
        self._unsent = None

    def close(self) -> None:
        self._unsent = None
        self._stalled_since = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._socket is not None:
            try:
                self._socket.close()
            finally:
                self._socket = None

    def _stalled(self) -> OSError:
        now = time.monotonic()
        if self._stalled_since is None:
            self._stalled_since = now - WRITE_TIMEOUT
        stalled = now - self._stalled_since
        if stalled >= STALL_LIMIT:
            self.close()
            return OSError(f"the receiver read nothing for {stalled:.0f} s: reconnecting")
        return ReceiverStalled(
            f"the receiver accepted the connection but has read nothing for {stalled:.0f} s"
        )

    def _connected(self) -> socket.socket:
        if self._socket is not None and self._hung_up(self._socket):
            self.close()
        if self._socket is None:
            self._socket = self._connect()
        return self._socket

    def _connect(self) -> socket.socket:
        endpoint = self.endpoint
        if endpoint.transport is Transport.UDP:
            info = socket.getaddrinfo(endpoint.host, endpoint.port, type=socket.SOCK_DGRAM)[0]
            sock = socket.socket(info[0], socket.SOCK_DGRAM)
            sock.connect(info[4])
            return sock
        family, kind, protocol, _, address = socket.getaddrinfo(
            endpoint.host, endpoint.port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, kind, protocol)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)  # before connecting
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(address)
            if self._context is not None:
                sock = self._context.wrap_socket(sock, server_hostname=endpoint.host)
            sock.settimeout(WRITE_TIMEOUT)
        except (OSError, ssl.SSLError):
            sock.close()
            raise
        return sock

    def _hung_up(self, sock: socket.socket) -> bool:
        if self.endpoint.transport is Transport.UDP:
            return False
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable or not isinstance(sock, ssl.SSLSocket):
            return bool(readable)
        # Over TLS the receiver also sends session tickets: only a close reads as no data.
        sock.setblocking(False)
        try:
            return sock.recv(1) == b""
        except ssl.SSLWantReadError:
            return False
        except OSError:
            return True
        finally:
            sock.settimeout(WRITE_TIMEOUT)
