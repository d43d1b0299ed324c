"""Commit attestations in the proxy: records what AI answers produced, and attests commits to
this machine's git hooks.

Answers: the chunks the client gets (after `Answers` restored them) are kept by reference as
they pass and handed, with the exchange's facts, to the provenance recorder's thread, which
reads the code out and logs its line fingerprints; the event loop does no more than that.

Hooks ask `http://attest.pretense.invalid/...` through the proxy's own port: only a running
Pretense answers, so an attestation is proof the proxy was up. The slow part (git, the
provenance log) runs in a worker thread; the signing, on the audit writer's thread, cites
the chain's last record and is itself recorded before the hook gets its trailers.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
import weakref
from collections.abc import Callable, Iterable

import orjson
from mitmproxy import http

from addons.audit import RECORD_WAIT, Auditor
from addons.exchange import Exchange, Exchanges, event_stream
from addons.guard import guarded
from addons.state import SuiteState
from attestations.attest import BadRequest, answer_summary, parse_commit_request, parse_committed_request
from attestations.endpoint import ATTEST_PATH, COMMITS_PATH, ENDPOINT
from attestations.errors import AttestationError, GitError
from attestations.issuer import Issuer, Refused, Sealed
from attestations.lines import lines_key
from attestations.predicate import ProxyState
from attestations.recorder import Answered, ProvenanceRecorder
from attestations.store import FOLDER, ProvenanceLog
from audit.device import AuditDevice
from audit.keys import load_signing_key
from audit.record import Record
from audit.writer import TrailWriter
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

Stream = Callable[[bytes], Iterable[bytes] | bytes]
RECORDING_WAIT = 10.0
"""Seconds an attestation waits for the answers before it to be in the provenance log."""


class _Collector:
    """Keeps references to the chunks the client gets, passing each on as it is."""

    __slots__ = ("chunks", "inner")

    def __init__(self, inner: Stream | None) -> None:
        self.inner = inner
        self.chunks: list[bytes] = []

    def __call__(self, chunk: bytes) -> Iterable[bytes] | bytes:
        out = self.inner(chunk) if self.inner is not None else chunk
        if isinstance(out, bytes):
            if out:
                self.chunks.append(out)
            return out
        out = list(out)
        self.chunks += out
        return out


class Attestations:
    def __init__(
        self,
        state: SuiteState,
        routes: RouteTable,
        exchanges: Exchanges,
        auditor: Auditor,
        device: AuditDevice,
    ) -> None:
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.auditor = auditor
        self.device = device
        self.log = ProvenanceLog(state.home.root / FOLDER)
        self.recorder: ProvenanceRecorder | None = None
        self._issuer: Issuer | None = None
        self._collectors: weakref.WeakKeyDictionary[http.HTTPFlow, _Collector] = weakref.WeakKeyDictionary()
        self._key = (-1, b"")

    @guarded
    def running(self) -> None:
        if self.recorder is None:
            self.recorder = ProvenanceRecorder(self.log)
            self.recorder.start()

    @guarded
    def done(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None

    @guarded
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        response = flow.response
        if (
            self.recorder is None
            or response is None
            or not response.stream
            or self.exchanges.get(flow) is None
        ):
            return
        collector = _Collector(response.stream if callable(response.stream) else None)
        self._collectors[flow] = collector
        response.stream = collector

    @guarded
    def response(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        if self.recorder is None or exchange is None or flow.response is None:
            return
        collector = self._collectors.pop(flow, None)
        self.recorder.submit(self._answered(flow, exchange, collector))

    @guarded
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # The Router streams whatever is not an AI request straight upstream: the hook's
        # request is read whole and answered here instead.
        if flow.request.host == ENDPOINT:
            flow.request.stream = False

    @guarded
    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.request.host != ENDPOINT or flow.response is not None:
            return
        peer = flow.client_conn.peername
        if not peer or not ipaddress.ip_address(peer[0]).is_loopback:
            self._answer(flow, 403, {"error": "Pretense attests commits to this machine's git hooks only"})
            return
        if flow.request.method != "POST":
            self._answer(flow, 405, {"error": "POST what the hook asks"})
            return
        path = flow.request.path.partition("?")[0]
        try:
            if path == ATTEST_PATH:
                status, answer = await self._attest(flow.request.raw_content or b"")
            elif path == COMMITS_PATH:
                status, answer = await self._committed(flow.request.raw_content or b"")
            else:
                status, answer = 404, {"error": f"no such endpoint: {path}"}
        except BadRequest as e:
            status, answer = 400, {"error": str(e)}
        except Refused as e:
            status, answer = e.status, {"error": str(e)}
        except GitError as e:
            status, answer = 409, {"error": str(e)}
        except AttestationError as e:
            status, answer = 500, {"error": str(e)}
        self._answer(flow, status, answer)

    async def _recorded(self, since: float | None) -> None:
        """Wait until every answer so far is in the provenance log: a line committed right
        after the answer that produced it is counted. Lost answers would count as hand-written,
        so their loss refuses the attestation."""
        recorder = self.recorder
        if recorder is None:
            return
        if not await asyncio.to_thread(recorder.drain, RECORDING_WAIT):
            raise Refused(
                f"the proxy is still recording answers after {RECORDING_WAIT:.0f} s: commit again in a moment"
            )
        dropped = recorder.dropped_at
        if dropped is not None and (since is None or dropped >= since):
            raise Refused(
                "answers were not recorded since the parent commit (the proxy was overloaded): their "
                "AI lines cannot be told from hand-written ones, so this commit is not attested"
            )

    async def _attest(self, body: bytes) -> tuple[int, dict[str, object]]:
        request = parse_commit_request(body)
        writer, issuer = self._writer(), self._issuer_for()
        policy = self.state.policy
        if policy is None:
            raise Refused("the proxy has no policy in force: it attests nothing")
        problems = tuple(p for p in (self.device.unrecordable,) if p)
        proxy = ProxyState(True, self.state.inspector is not None, not problems, problems)
        if problems:
            raise Refused(f"the audit trail cannot record ({problems[0]}): nothing is attested unrecorded")
        await self._recorded(request.since)
        claim = await asyncio.to_thread(issuer.prepare, request, policy, self.state.key, proxy)
        sealed = Sealed()
        await self._record(writer, issuer.sealer(claim, lambda: writer.head, sealed))
        assert sealed.claim is not None
        trailers = [[t.key, t.value] for t in sealed.trailers]
        return 200, {"trailers": trailers, "summary": answer_summary(sealed.claim)}

    async def _committed(self, body: bytes) -> tuple[int, dict[str, object]]:
        request = parse_committed_request(body)
        writer, issuer = self._writer(), self._issuer_for()
        record = await asyncio.to_thread(issuer.committed, request)
        await self._record(writer, record)
        return 200, {"recorded": record["commit"]}

    async def _record(self, writer: TrailWriter, record: Record | Callable[[], Record]) -> None:
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[str | None] = loop.create_future()

        def written(why: str | None) -> None:  # on the writer thread
            loop.call_soon_threadsafe(_settle, outcome, why)

        writer.submit(record, written)
        try:
            why = await asyncio.wait_for(outcome, RECORD_WAIT)
        except TimeoutError:
            why = f"the audit trail took more than {RECORD_WAIT:.0f} s to write it"
        if why is not None:
            raise Refused(f"the audit trail could not record the attestation ({why})")

    def _writer(self) -> TrailWriter:
        writer = self.auditor.writer
        if writer is None:
            raise Refused("the audit trail is off (pretense_audit): an attestation must cite it")
        return writer

    def _issuer_for(self) -> Issuer:
        if self._issuer is None:
            self._issuer = Issuer(self.log, self.state.home.audit_trail, load_signing_key(self.state.home))
        return self._issuer

    def _answered(self, flow: http.HTTPFlow, exchange: Exchange, collector: _Collector | None) -> Answered:
        response, request, verdict = flow.response, flow.request, exchange.verdict
        assert response is not None
        decision = verdict.decision if verdict is not None else None
        attribution = decision.attribution if decision is not None else None
        if collector is not None:
            answer, encoding = collector.chunks, response.headers.get("content-encoding", "")
        else:
            answer, encoding = [response.raw_content or b""], response.headers.get("content-encoding", "")
        return Answered(
            epoch=request.timestamp_start or time.time(),
            flow=flow.id,
            user_agent=request.headers.get("user-agent", "")[:120],
            provider=exchange.route.provider,
            path=request.path.partition("?")[0],
            model=verdict.model if verdict is not None else "",
            request=request.raw_content or b"",
            wire=exchange.route.wire,
            answer=answer,
            streamed=event_stream(response),
            encoding=encoding,
            key=self._lines_key(),
            repository=decision.repository if decision is not None else None,
            root=attribution.root if attribution is not None else None,
            tier=exchange.tier,
            blocked=exchange.blocked is not None,
            answered=200 <= response.status_code < 300,
            detections=dict(verdict.found) if verdict is not None else {},
        )

    def _lines_key(self) -> bytes:
        generation = self.state.generation
        if self._key[0] != generation:
            self._key = (generation, lines_key(self.state.key))
        return self._key[1]

    @staticmethod
    def _answer(flow: http.HTTPFlow, status: int, document: dict[str, object]) -> None:
        flow.response = http.Response.make(
            status, orjson.dumps(document), {"content-type": "application/json", "cache-control": "no-store"}
        )


def _settle(outcome: asyncio.Future[str | None], why: str | None) -> None:
    if not outcome.done():  # a wait that timed out has stopped listening
        outcome.set_result(why)
