"""The relay's server: HTTP/1.1 on 127.0.0.1 for mitmproxy's connections. A request is
served only with the one-time ticket the guardrails addon gave its flow (no other process
on the machine can use the relay to reach anything), is sent to the provider, and its
answer comes back through the ticket's handler: streamed answers event by event, whole
answers whole, errors from the provider as they came.

A handler that fails mid-stream cuts the answer: what was not judged is never sent.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import h11

from providers.encoding import chunk_decoder
from relay.errors import AnswerCut
from relay.upstream import HOP_BY_HOP, ProviderAnswer, ProviderUpstream, Target

logger = logging.getLogger("pretense")

TICKET_HEADER = "x-pretense-relay"
MAX_WHOLE_ANSWER = 64 << 20
_READ = 65536
Send = Callable[[bytes], Awaitable[None]]


class AnswerHandler(Protocol):
    async def stream(self, chunks: AsyncIterator[bytes], send: Send) -> None:
        """Pass a streamed answer on, holding its tool calls."""

    async def whole(self, body: bytes) -> bytes:
        """The whole answer to send, its tool calls judged."""

    def error_body(self, status: int, message: str) -> bytes:
        """An error in the provider's own shape."""


@dataclass(frozen=True, slots=True)
class Ticket:
    target: Target
    answer: AnswerHandler


class Relay:
    def __init__(self, upstream: ProviderUpstream, host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self.host = host
        self.port = 0
        self._tickets: dict[str, Ticket] = {}
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("guardrails relay on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        await self.upstream.close()

    def admit(self, ticket: Ticket) -> str:
        token = secrets.token_urlsafe(18)
        self._tickets[token] = ticket
        return token

    def withdraw(self, token: str) -> None:
        self._tickets.pop(token, None)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = h11.Connection(h11.SERVER)
        try:
            while True:
                asked = await _request(connection, reader)
                if asked is None:
                    break
                await self._answer(connection, writer, *asked)
                if connection.our_state is not h11.DONE or connection.their_state is not h11.DONE:
                    break
                connection.start_next_cycle()
        except AnswerCut:
            writer.transport.abort()
            return
        except (ConnectionError, h11.ProtocolError, asyncio.IncompleteReadError) as e:
            logger.debug("relay connection ended: %s", e)
        writer.close()

    async def _answer(
        self, connection: h11.Connection, writer: asyncio.StreamWriter, request: h11.Request, body: bytes
    ) -> None:
        headers = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in request.headers]
        token = next((v for n, v in headers if n.lower() == TICKET_HEADER), "")
        ticket = self._tickets.pop(token, None)
        if ticket is None:
            await _send(connection, writer, 403, [("content-type", "text/plain")], b"no such relay ticket\n")
            return
        forwarded = [(n, v) for n, v in headers if n.lower() != TICKET_HEADER]
        try:
            answer = await self.upstream.send(
                ticket.target, request.method.decode(), request.target.decode(), forwarded, body
            )
        except Exception as e:  # the provider could not be reached: the client is told, in its shape
            logger.warning("relay: %s:%d unreachable: %s", ticket.target.host, ticket.target.port, e)
            message = f"Pretense could not reach {ticket.target.host} ({type(e).__name__}: {e})."
            error = ticket.answer.error_body(502, message)
            await _send(connection, writer, 502, [("content-type", "application/json")], error)
            return
        try:
            await self._pass_on(connection, writer, ticket, answer)
        finally:
            await answer.close()

    async def _pass_on(
        self, connection: h11.Connection, writer: asyncio.StreamWriter, ticket: Ticket, answer: ProviderAnswer
    ) -> None:
        kept = [(n, v) for n, v in answer.headers if n.lower() not in HOP_BY_HOP]
        content_type = next((v for n, v in kept if n.lower() == "content-type"), "")
        encoding = next((v for n, v in kept if n.lower() == "content-encoding"), "")
        decode = chunk_decoder(encoding)
        if not 200 <= answer.status < 300 or decode is None:
            # Errors pass as they came (clients match their wording); so does what cannot be read.
            await _stream(connection, writer, answer.status, kept, answer.chunks())
            return
        plain = [(n, v) for n, v in kept if n.lower() != "content-encoding"]
        if content_type.startswith("text/event-stream"):
            await _write(connection, writer, h11.Response(status_code=answer.status, headers=plain))

            async def send(data: bytes) -> None:
                await _write(connection, writer, h11.Data(data=data))

            try:
                await ticket.answer.stream(_decoded(answer.chunks(), decode), send)
            except (ConnectionError, asyncio.CancelledError):
                raise
            except Exception as e:
                logger.error("relay: judging the streamed answer failed; it is cut", exc_info=e)
                raise AnswerCut from e
            await _write(connection, writer, h11.EndOfMessage())
            return
        parts: list[bytes] = []
        size = 0
        async for chunk in _decoded(answer.chunks(), decode):
            parts.append(chunk)
            size += len(chunk)
            if size > MAX_WHOLE_ANSWER:
                raise AnswerCut
        try:
            body = await ticket.answer.whole(b"".join(parts))
        except Exception as e:
            logger.error("relay: judging the answer failed; it is refused", exc_info=e)
            message = (
                "Pretense could not judge the tool calls in this answer, so nothing of it was passed on."
            )
            body, plain = ticket.answer.error_body(502, message), [("content-type", "application/json")]
            await _send(connection, writer, 502, plain, body)
            return
        await _send(connection, writer, answer.status, plain, body)


async def _request(
    connection: h11.Connection, reader: asyncio.StreamReader
) -> tuple[h11.Request, bytes] | None:
    request: h11.Request | None = None
    body: list[bytes] = []
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            data = await reader.read(_READ)
            connection.receive_data(data)
            if not data and connection.their_state is h11.IDLE:
                return None
            continue
        if isinstance(event, h11.Request):
            request = event
        elif isinstance(event, h11.Data):
            body.append(bytes(event.data))
        elif isinstance(event, h11.EndOfMessage):
            assert request is not None
            return request, b"".join(body)
        elif isinstance(event, h11.ConnectionClosed):
            return None


async def _decoded(chunks: AsyncIterator[bytes], decode: Callable[[bytes], bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        plain = decode(chunk)
        if plain:
            yield plain


async def _write(connection: h11.Connection, writer: asyncio.StreamWriter, event: h11.Event) -> None:
    data = connection.send(event)
    if data:
        writer.write(data)
        await writer.drain()


async def _send(
    connection: h11.Connection,
    writer: asyncio.StreamWriter,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
) -> None:
    headers = [*headers, ("content-length", str(len(body)))]
    await _write(connection, writer, h11.Response(status_code=status, headers=headers))
    await _write(connection, writer, h11.Data(data=body))
    await _write(connection, writer, h11.EndOfMessage())


async def _stream(
    connection: h11.Connection,
    writer: asyncio.StreamWriter,
    status: int,
    headers: list[tuple[str, str]],
    chunks: AsyncIterator[bytes],
) -> None:
    await _write(connection, writer, h11.Response(status_code=status, headers=headers))
    async for chunk in chunks:
        await _write(connection, writer, h11.Data(data=chunk))
    await _write(connection, writer, h11.EndOfMessage())
