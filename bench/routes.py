"""`python -m bench.routes`: what deciding whether a connection and a request are AI traffic
costs (done once per TLS connection and once per request), on the routes the suite knows,
a host learned from a Copilot token, and a host that is not ours."""

from __future__ import annotations

import statistics
import time

from providers.routes import RouteTable

CASES = [
    ("api.anthropic.com", "/v1/messages?beta=true"),
    ("api.openai.com", "/v1/responses"),
    ("proxy.business.githubcopilot.com", "/v1/engines/gpt-4o-copilot/completions"),
    ("copilot-proxy.acme.ghe.com", "/v1/engines/gpt-4o-copilot/completions"),  # learned
    (
        "europe-west1-aiplatform.googleapis.com",
        "/v1/projects/p/locations/l/publishers/google/models/g:generateContent",
    ),
    ("server.codeium.com", "/exa.language_server_pb.LanguageServerService/GetCompletions"),
    ("registry.npmjs.org", "/left-pad"),  # not ours: the answer is "no" after every pattern
]
ROUNDS = 20
CALLS = 2000


def per_call_us(action, *arguments: str) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            action(*arguments)
        samples.append((time.perf_counter() - started) / CALLS * 1e6)
    return statistics.median(samples)


def main() -> None:
    routes = RouteTable()
    routes.learn("copilot", "copilot-proxy.acme.ghe.com")
    print(f"route detection, median of {ROUNDS} x {CALLS} calls (µs per call)")
    print(f"{'host':40}  {'TLS: intercept?':>15}  {'request: route':>14}")
    worst = 0.0
    for host, path in CASES:
        connection = per_call_us(routes.is_intercepted, host)
        request = per_call_us(routes.match, host, path)
        worst = max(worst, connection + request)
        print(f"{host:40}  {connection:15.1f}  {request:14.1f}")
    print(f"worst case per request (both decisions): {worst:.1f} µs = {worst / 1000:.3f} ms")


if __name__ == "__main__":
    main()
