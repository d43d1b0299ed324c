"""Sending framed syslog messages: UDP datagrams, or TCP/TLS streams with octet counting.

A stream connection the receiver has closed is noticed before the next send (a syslog
receiver never writes to us, so a readable socket means it hung up), so that events are
queued instead of written into a dead socket."""

from __future__ import annotations

import select
import socket
import ssl

from siem.endpoint import Endpoint, Transport
from siem.syslog import octet_counted

CONNECT_TIMEOUT = 5.0


class SyslogSender:
    def __init__(self, endpoint: Endpoint, ca_file: str | None = None) -> None:
        self.endpoint = endpoint
        self._ca_file = ca_file
        self._socket: socket.socket | None = None
        self._context: ssl.SSLContext | None = None
        if endpoint.transport is Transport.TLS:
            self._context = ssl.create_default_context(cafile=ca_file or None)

    def send(self, frame: bytes) -> None:
        """Send one message; raises OSError when the receiver cannot take it."""
        sock = self._connected()
        if self.endpoint.transport is Transport.UDP:
            sock.send(frame)
            return
        sock.sendall(octet_counted(frame))

    def close(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            finally:
                self._socket = None

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
        sock = socket.create_connection((endpoint.host, endpoint.port), timeout=CONNECT_TIMEOUT)
        if self._context is not None:
            try:
                sock = self._context.wrap_socket(sock, server_hostname=endpoint.host)
            except (OSError, ssl.SSLError):
                sock.close()
                raise
        return sock

    def _hung_up(self, sock: socket.socket) -> bool:
        if self.endpoint.transport is Transport.UDP:
            return False
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)
