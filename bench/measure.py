"""Timed requests through a proxy, in rounds that alternate between the proxies compared.

Alternating spreads slow drift (CPU frequency, other load) evenly over both sides.
"""

from __future__ import annotations

import os
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

from bench.payloads import Call

TIMEOUT = httpx2.Timeout(60.0)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class StreamTiming:
    first_byte: float
    first_event: float
    total: float


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time a process has used so far; None where /proc does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in parentheses may hold spaces: count fields after its closing one.
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def make_client(proxy_url: str, ca_cert: Path) -> httpx2.Client:
    """A keep-alive HTTP/1.1 client that goes through one proxy and trusts only its CA."""
    context = ssl.create_default_context(cafile=str(ca_cert))
    # trust_env=False: proxy or CA variables in the caller's environment must not leak in.
    return httpx2.Client(
        proxy=proxy_url, verify=context, http1=True, http2=False, trust_env=False, timeout=TIMEOUT
    )


@dataclass
class Side:
    """One proxy as the benchmark sees it: a name, its process and a client bound to it."""

    name: str
    proxy_url: str
    ca_cert: Path
    pid: int
    client: httpx2.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = make_client(self.proxy_url, self.ca_cert)

    def cpu(self) -> float | None:
        return cpu_seconds(self.pid)

    def close(self) -> None:
        self.client.close()


def _check(response: httpx2.Response, side: str) -> None:
    if response.status_code != 200:
        response.read()  # a streamed response has no text until it is read
        raise BenchError(f"{side}: HTTP {response.status_code} {response.text[:300]!r}")


def timed_status(client: httpx2.Client, call: Call) -> tuple[float, int]:
    """Seconds until the whole answer has been read, and its status, whatever it is."""
    started = time.perf_counter()
    response = client.post(call.url, content=call.body, headers=call.headers)
    return time.perf_counter() - started, response.status_code


def tree_rss_mb(pid: int) -> float | None:
    """Resident memory of a process and all its descendants (its worker processes), in MiB;
    None where /proc does not exist."""
    if not Path(f"/proc/{pid}/statm").exists():
        return None
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue  # ended meanwhile
            parents[int(entry.name)] = int(stat[1])
    family, grown = {pid}, True
    while grown:
        children = {child for child, parent in parents.items() if parent in family} - family
        family |= children
        grown = bool(children)
    pages = 0
    for member in family:
        try:
            pages += int(Path(f"/proc/{member}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def timed_post(client: httpx2.Client, call: Call, side: str) -> float:
    """Seconds from sending the request until the whole answer has been read."""
    started = time.perf_counter()
    response = client.post(call.url, content=call.body, headers=call.headers)
    elapsed = time.perf_counter() - started
    _check(response, side)
    return elapsed


def timed_stream(client: httpx2.Client, call: Call, side: str) -> StreamTiming:
    """Seconds until the first body bytes, until the first whole SSE event, and until the end."""
    first_byte: float | None = None
    first_event: float | None = None
    seen = b""
    started = time.perf_counter()
    with client.stream("POST", call.url, content=call.body, headers=call.headers) as response:
        _check(response, side)
        for chunk in response.iter_raw():
            now = time.perf_counter() - started
            if first_byte is None:
                first_byte = now
            if first_event is None:
                # An SDK acts on whole events, so a proxy that buffers up to event boundaries
                # delays the tool by this much, whatever the first-byte time says.
                seen += chunk
                if b"\n\n" in seen:
                    first_event = now
    total = time.perf_counter() - started
    if first_byte is None or first_event is None:
        raise BenchError(f"{side}: stream ended without a complete event ({seen[:200]!r})")
    return StreamTiming(first_byte, first_event, total)


@dataclass
class CpuTally:
    """Proxy CPU seconds spent while one side was measured, and how many requests that covered."""

    seconds: float = 0.0
    requests: int = 0
    known: bool = True

    def add(self, before: float | None, after: float | None, requests: int) -> None:
        if before is None or after is None:
            self.known = False
            return
        self.seconds += after - before
        self.requests += requests

    def ms_per_request(self) -> float | None:
        return self.seconds * 1000 / self.requests if self.known and self.requests else None


@dataclass
class Rounds[T]:
    samples: dict[str, list[T]]
    cpu: dict[str, CpuTally]


def interleaved[T](
    sides: Sequence[Side],
    rounds: int,
    per_round: int,
    measure: Callable[[Side], T],
    between_rounds: Callable[[], None],
) -> Rounds[T]:
    """`per_round` measurements on each side per round; who goes first swaps every round."""
    result: Rounds[T] = Rounds({s.name: [] for s in sides}, {s.name: CpuTally() for s in sides})
    for number in range(rounds):
        order = sides if number % 2 == 0 else list(reversed(sides))
        for side in order:
            before = side.cpu()
            result.samples[side.name].extend(measure(side) for _ in range(per_round))
            result.cpu[side.name].add(before, side.cpu(), per_round)
        between_rounds()
    return result


Requests = Callable[[str], Call]
"""The next request to send for a side (by its name): a fixed one, or each one new."""


def _hammer(client: httpx2.Client, requests: Requests, side: str, until: float) -> int:
    done = 0
    while time.perf_counter() < until:
        timed_post(client, requests(side), side)
        done += 1
    return done


@dataclass
class Load:
    """Several clients on one proxy, each in its own thread with its own connection."""

    side: Side
    threads: int
    clients: list[httpx2.Client] = field(init=False)

    def __post_init__(self) -> None:
        self.clients = [make_client(self.side.proxy_url, self.side.ca_cert) for _ in range(self.threads)]

    def warm(self, call: Call) -> None:
        # Opens each client's tunnel and TLS session outside the timed window.
        for client in self.clients:
            timed_post(client, call, self.side.name)

    def run(self, requests: Requests, seconds: float, pool: ThreadPoolExecutor) -> tuple[int, float]:
        """(requests completed, seconds taken) with every client busy for about `seconds`."""
        start = threading.Barrier(self.threads + 1)

        def work(client: httpx2.Client) -> int:
            start.wait()
            return _hammer(client, requests, self.side.name, time.perf_counter() + seconds)

        futures = [pool.submit(work, client) for client in self.clients]
        start.wait()
        began = time.perf_counter()
        done = sum(future.result() for future in futures)
        return done, time.perf_counter() - began

    def close(self) -> None:
        for client in self.clients:
            client.close()


@dataclass(frozen=True)
class Rate:
    per_second: float
    cpu: CpuTally


def throughput(
    loads: Sequence[Load],
    next_request: Requests,
    rounds: int,
    seconds: float,
    between_rounds: Callable[[], None],
) -> dict[str, Rate]:
    """Requests per second per side, over `rounds` alternating slices of `seconds` each."""
    names = [load.side.name for load in loads]
    requests = dict.fromkeys(names, 0)
    spent = dict.fromkeys(names, 0.0)
    cpu = {name: CpuTally() for name in names}
    threads = max(load.threads for load in loads)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for number in range(rounds):
            order = loads if number % 2 == 0 else list(reversed(loads))
            for load in order:
                before = load.side.cpu()
                done, elapsed = load.run(next_request, seconds, pool)
                cpu[load.side.name].add(before, load.side.cpu(), done)
                requests[load.side.name] += done
                spent[load.side.name] += elapsed
            between_rounds()
    return {name: Rate(requests[name] / spent[name], cpu[name]) for name in names}
