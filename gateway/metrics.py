"""What the admin port's `/metrics` exposes to Prometheus: requests, blocks, detections,
sign-in refusals, the latency Pretense adds, and the queues and workers behind them. One
registry per proxy (never the process-wide default), so tests and instances never mix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

# Pretense adds well under a millisecond to most requests, tens to a cold restricted turn.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass
class Probes:
    """Where the gauges read from; each answers 0 until the part it reads exists."""

    inspection_waiting: Callable[[], float] = lambda: 0
    workers: Callable[[], float] = lambda: 0
    workers_busy: Callable[[], float] = lambda: 0
    worker_busy_seconds: Callable[[], float] = lambda: 0
    audit_pending: Callable[[], float] = lambda: 0


@dataclass
class GatewayMetrics:
    probes: Probes = field(default_factory=Probes)
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter(
            "pretense_requests", "AI requests handled.", ["provider", "tier", "decision"], registry=r
        )
        self.blocks = Counter("pretense_blocks", "AI requests Pretense refused.", ["tier"], registry=r)
        self.detections = Counter(
            "pretense_detections", "Secrets and client data found in requests.", ["kind"], registry=r
        )
        self.refusals = Counter(
            "pretense_access_refusals", "Requests refused: sign-in, directory.", ["reason"], registry=r
        )
        self.added = Histogram(
            "pretense_added_latency_seconds",
            "What Pretense added to a request's way out (its request hooks).",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        gauges = {
            "pretense_inspection_queue_depth": (
                "Inspections waiting for a free worker.",
                "inspection_waiting",
            ),
            "pretense_audit_queue_depth": ("Audit records waiting for the writer.", "audit_pending"),
            "pretense_inspection_workers": ("Inspection worker processes.", "workers"),
            "pretense_inspection_workers_busy": ("Workers inspecting now.", "workers_busy"),
        }
        for name, (text, probe) in gauges.items():
            Gauge(name, text, registry=r).set_function(self._probe(probe))
        r.register(_BusySeconds(self._probe("worker_busy_seconds")))

    def _probe(self, name: str) -> Callable[[], float]:
        """Reads the probe when scraped: the suite sets the probes once its parts exist."""
        return lambda: float(getattr(self.probes, name)())


class _BusySeconds(Collector):
    """A counter read from the pool: rate() of it over the worker count is their utilisation."""

    def __init__(self, read: Callable[[], float]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "pretense_inspection_worker_busy_seconds", "Worker time spent inspecting requests."
        )
        family.add_metric([], self.read())
        yield family
