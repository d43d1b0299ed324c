"""`python -m bench.guardrails [--quick]`: what agent guardrails cost. Judging one tool call
with the shipped rules, in microseconds; the held answer's own work on a stream; and, through
real proxies, a stream with and without tool calls, the suite with the shipped guardrails
against the same suite without any."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.measure import Side, StreamTiming, timed_stream
from bench.payloads import Call
from bench.proxies import CA_FILE, REDIRECT_SCRIPT, Mitmdump
from guardrails.answers import RELEASED
from guardrails.calls import ToolCall
from guardrails.judge import CallContext, Judge
from guardrails.wires import held_stream
from mutators.base import NO_RESTORATION
from policy.file import load_policy
from policy.guardrails import tier_guardrails
from policy.model import Tier
from providers.sse import SSESplitter, parse_event
from tests.e2e import shapes
from tests.e2e.fake_provider import FakeProvider, Received, Reply
from tests.e2e.pki import make_pki

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "policies" / "default.yaml"
GUARDED_SUITE = ROOT / "tests" / "e2e" / "guarded_suite.py"
URL = "https://api.anthropic.com/v1/messages"
HEADERS = {"content-type": "application/json", "x-api-key": "sk-ant-bench", "anthropic-version": "2023-06-01"}
TOOLS = [{"name": "Bash", "input_schema": {"type": "object"}}]
CALLS = [
    ("Bash", {"command": "ls -la && git status", "description": "look"}),
    ("Bash", {"command": "npm test -- --watch=false"}),
    ("Bash", {"command": 'bash -c "cd /srv && rm -rf ../data"'}),
    ("Bash", {"command": "git push --force origin main"}),
    ("exec_command", {"cmd": "psql \"$DB\" -c 'DELETE FROM accounts'"}),
    ("Edit", {"file_path": "/home/dev/app/src/ledger/book.py", "old_string": "a", "new_string": "b"}),
]
TEXT = "Here is what I found. " * 40


def judging(rounds: int) -> list[tuple[str, float]]:
    judge = Judge(tier_guardrails(load_policy(SHIPPED), Tier.RESTRICTED))
    context = CallContext("app", "dev", "/home/dev/app")
    found = []
    for tool, arguments in CALLS:
        call = ToolCall(tool, arguments)
        judge.judge(call, context)
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(100):
                judge.judge(call, context)
            samples.append((time.perf_counter() - started) / 100 * 1e6)
        text = arguments.get("command") or arguments.get("cmd") or arguments.get("file_path")
        found.append((f"{tool}: {text}", statistics.median(samples)))
    return found


def held_stream_cost(rounds: int) -> list[tuple[str, float, float]]:
    """Microseconds the held answer spends on a whole stream fed in 64-byte chunks, beside
    what only cutting it into events and parsing them costs (what any SSE reader does)."""
    bodies = {
        "text only (17 kB, 132 events)": shapes.anthropic_stream(TEXT),
        "text and a tool call": shapes.anthropic_stream(TEXT, {"command": "ls -la"}, "Bash"),
    }
    found = []
    for label, body in bodies.items():
        chunks = [body[i : i + 64] for i in range(0, len(body), 64)]
        held, read = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            _held(chunks)
            held.append((time.perf_counter() - started) * 1e6)
            started = time.perf_counter()
            _read(chunks)
            read.append((time.perf_counter() - started) * 1e6)
        found.append((label, statistics.median(held), statistics.median(read)))
    return found


def _held(chunks: list[bytes]) -> None:
    stream = held_stream("anthropic-messages", NO_RESTORATION)
    assert stream is not None
    for chunk in chunks:
        for call in stream.feed(chunk):
            stream.decide(call.key, RELEASED)
        stream.ready()
    stream.finish()
    stream.ready()


def _read(chunks: list[bytes]) -> None:
    splitter = SSESplitter()
    for chunk in chunks:
        for raw in splitter.feed(chunk):
            parse_event(raw)


def _proxy(name: str, base: Path, pki_ca: Path, upstream: int, policy: str) -> Mitmdump:
    home = base / name
    home.mkdir(parents=True)
    policy_file = home / "policy.yaml"
    policy_file.write_text(f"version: 1\ndefault_tier: restricted\n{policy}")
    options = {
        "ssl_verify_upstream_trusted_ca": str(pki_ca),
        "flow_detail": "0",
        "termlog_verbosity": "warn",
        "pretense_policy": str(policy_file),
        "pretense_audit": "false",
    }
    environment = {"PRETENSE_TEST_UPSTREAM": f"127.0.0.1:{upstream}", "PRETENSE_HOME": str(home)}
    return Mitmdump(
        name, home, (GUARDED_SUITE, REDIRECT_SCRIPT), options, environment, home / "certs" / CA_FILE
    )


def _call(tools: bool) -> Call:
    body = {"model": "claude-sonnet-5-5", "max_tokens": 512, "stream": True,
            "messages": [{"role": "user", "content": "what is in here?"}]}  # fmt: skip
    if tools:
        body["tools"] = TOOLS
    return Call(URL, HEADERS, json.dumps(body).encode())


def through_proxies(count: int) -> list[tuple[str, float, float]]:
    """Median seconds to the end of the stream, with guardrails and without, per kind of stream."""
    with tempfile.TemporaryDirectory(prefix="pretense-bench-guardrails-") as scratch:
        base = Path(scratch)
        (base / "pki").mkdir()
        pki = make_pki(base / "pki")
        provider = FakeProvider(pki).start()
        shipped = SHIPPED.read_text()
        guarded = _proxy(
            "guarded", base, pki.ca_cert, provider.port, shipped[shipped.index("\nguardrails:") :]
        )
        plain = _proxy("plain", base, pki.ca_cert, provider.port, "")
        proxies = [guarded.start(), plain.start()]
        sides = [Side(p.name, p.url, p.ca_cert, p.pid) for p in proxies]
        # Sent at once, not paced: the figures are then the proxies' work, not the fake's pauses.
        text = Reply(200, shapes.anthropic_stream(TEXT), "text/event-stream")
        bash = Reply(200, shapes.anthropic_stream(TEXT, {"command": "ls -la"}, "Bash"), "text/event-stream")
        cases: list[tuple[str, Call, Callable[[Received], Reply]]] = [
            ("no tools declared, text only", _call(False), lambda r: text),
            ("tools declared, text only", _call(True), lambda r: text),
            ("tools declared, a benign Bash call", _call(True), lambda r: bash),
        ]
        found = []
        try:
            for label, call, reply in cases:
                provider.respond = reply
                timings: dict[str, list[StreamTiming]] = {side.name: [] for side in sides}
                for side in sides:
                    for _ in range(5):
                        timed_stream(side.client, call, side.name)
                for turn in range(count):
                    for side in sides if turn % 2 else reversed(sides):  # neither always goes first
                        timings[side.name].append(timed_stream(side.client, call, side.name))
                    provider.reset()
                    provider.respond = reply
                found.append((
                    label,
                    statistics.median(t.total for t in timings["guarded"]),
                    statistics.median(t.total for t in timings["plain"]),
                ))  # fmt: skip
        finally:
            for side in sides:
                side.close()
            for proxy in proxies:
                proxy.stop()
            provider.stop()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run: figures too noisy to quote")
    quick = parser.parse_args().quick
    print("guardrails: judging one tool call with the shipped rules (median µs)")
    for label, micros in judging(5 if quick else 50):
        print(f"  {micros:8.1f} µs  {label}")
    print("guardrails: the held answer's own work on a whole Anthropic stream (median µs)")
    print(f"  {'held answer':>12} {'events only':>12}")
    for label, held, read in held_stream_cost(5 if quick else 200):
        print(f"  {held:9.1f} µs {read:9.1f} µs  {label}")
    print("guardrails: whole stream through the suite (restricted), shipped guardrails vs none (median ms)")
    print("  (no tools declared: no relay, the same path in both: the noise floor)")
    print(f"  {'stream':38} {'guarded':>9} {'none':>9} {'added':>9}")
    for label, guarded, plain in through_proxies(10 if quick else 100):
        print(f"  {label:38} {guarded * 1000:9.2f} {plain * 1000:9.2f} {(guarded - plain) * 1000:+9.2f}")


if __name__ == "__main__":
    main()
