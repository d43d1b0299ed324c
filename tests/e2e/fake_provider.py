"""A fake AI provider on 127.0.0.1 over real TLS: records every request it receives and
answers with recorded-shape JSON or SSE, sent in odd-sized chunks."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from mitmproxy.net import encoding as encoding_module

from tests.e2e import shapes
from tests.e2e.pki import UpstreamPKI

# Odd sizes, so chunk boundaries fall inside events, lines and UTF-8 sequences.
CHUNK_SIZES = (1, 7, 3, 29, 13, 2, 61, 5)


@dataclass
class Received:
    method: str
    host: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def content(self) -> bytes:
        """The body with its content encoding (gzip, zstd, ...) undone."""
        encoding = next((v for k, v in self.headers.items() if k.lower() == "content-encoding"), "")
        return encoding_module.decode(self.body, encoding) if encoding else self.body

    def json(self) -> Any:
        return json.loads(self.content)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    chunked: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(document: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(document, ensure_ascii=False).encode())


def sse_reply(body: bytes) -> Reply:
    return Reply(200, body, "text/event-stream", chunked=True)


def default_reply(request: Received) -> Reply:
    wants_stream = False
    if request.body:
        try:
            wants_stream = bool(json.loads(request.body).get("stream"))
        except (ValueError, AttributeError):
            wants_stream = False
    path = request.path.partition("?")[0]
    if path == "/v1/messages":
        return (
            sse_reply(shapes.anthropic_stream()) if wants_stream else json_reply(shapes.anthropic_message())
        )
    if path == "/v1/chat/completions":
        return sse_reply(shapes.openai_chat_stream()) if wants_stream else json_reply(shapes.openai_chat())
    if path == "/copilot_internal/v2/token":
        return json_reply(
            {"token": "tid=abc;exp=1;proxy-ep=proxy.individual.githubcopilot.com", "expires_at": 1}
        )
    return json_reply({"ok": True, "path": path})


class FakeProvider:
    def __init__(self, pki: UpstreamPKI) -> None:
        self.received: list[Received] = []
        self.replies: dict[str, Reply] = {}
        self.respond: Callable[[Received], Reply] = default_reply
        self._lock = threading.Lock()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(pki.server_cert, pki.server_key)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
            self.replies.clear()
            self.respond = default_reply

    def record(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            reply = self.replies.get(request.path.partition("?")[0])
        if reply is not None:
            return reply
        try:
            return self.respond(request)
        except Exception as error:
            # An answer that cannot be built is a 400, which no client retries: the test fails
            # at once, with the reason, instead of a client retrying a dropped connection.
            return json_reply({"error": {"type": "fake_provider_error", "message": repr(error)}}, 400)

    def only(self) -> Received:
        assert len(self.received) == 1, [r.path for r in self.received]
        return self.received[0]


def _handler_for(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are separate writes: with Nagle's algorithm the body would wait
        # for the client's delayed ACK (about 40 ms).
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _read_body(self) -> bytes:
            if self.headers.get("transfer-encoding", "").lower() == "chunked":
                body = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    if size == 0:
                        self.rfile.readline()
                        return body
                    body += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("content-length") or 0))

        def _handle(self) -> None:
            request = Received(
                self.command,
                self.headers.get("host", ""),
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                self._read_body(),
            )
            reply = provider.record(request)
            self.send_response(reply.status)
            self.send_header("content-type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunked:
                self.send_header("transfer-encoding", "chunked")
                self.send_header("cache-control", "no-cache")
                self.end_headers()
                self._send_chunked(reply.body)
            else:
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            self.wfile.flush()

        def _send_chunked(self, body: bytes) -> None:
            position, turn = 0, 0
            while position < len(body):
                size = CHUNK_SIZES[turn % len(CHUNK_SIZES)]
                piece = body[position : position + size]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.flush()
                position, turn = position + size, turn + 1
                if turn % 8 == 0:
                    time.sleep(0.001)
            self.wfile.write(b"0\r\n\r\n")

        do_GET = do_POST = do_PUT = _handle

    return Handler
