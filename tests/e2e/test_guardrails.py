"""Agent guardrails through the real proxy, with the official SDKs and curl, streamed and
not, in every wire format that carries tool calls: a destructive call is held (the stream
kept alive meanwhile), approved or denied from `pretense approvals` in another process, or
timed out; the client then gets the call byte for byte, or an answer its SDK parses in which
an explanation stands in its place. A benign call passes without waiting."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest
from google import genai

from audit.files import records
from tests.e2e import shapes
from tests.e2e.conftest import REDIRECT_SCRIPT, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e

GUARDED_SUITE = Path(__file__).with_name("guarded_suite.py")
SHIPPED_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"
PRETENSE = Path(sys.executable).with_name("pretense")
DESTRUCTIVE = "cd /srv/app && rm -rf ../data"
PING = b'event: ping\ndata: {"type": "ping"}\n\n'


class Webhooks:
    """A local webhook receiver: what Slack or Teams would get."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append(json.loads(body))
                self.send_response(200)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def guarded_policy(timeout: str, webhook: str = "", self_approval: bool = True) -> str:
    """The shipped rules, with this timeout, webhook and self-approval."""
    notify = f"  notify: [{{url: '{webhook}', format: slack}}]\n" if webhook else ""
    shipped = SHIPPED_POLICY.read_text()
    rules = (
        shipped[shipped.index("  rules:") :]
        + "    - {name: ledger-module, action: hold, paths: ['**/AccountLedger.py']}\n"
    )
    return (
        f"guardrails:\n  timeout: {timeout}\n  self_approval: {'true' if self_approval else 'false'}\n"
        f"{notify}{rules}"
    )


class Guarded:
    def __init__(self, base: Path, pki: UpstreamPKI, provider: FakeProvider) -> None:
        self.base, self.pki, self.provider = base, pki, provider
        self.webhooks = Webhooks()
        self.running: dict[str, Proxy] = {}

    def get(self, name: str, policy: str, tier: str = "restricted") -> Proxy:
        if name not in self.running:
            home = self.base / name
            home.mkdir()
            policy_file = home / "test-policy.yaml"
            policy_file.write_text(f"version: 1\ndefault_tier: {tier}\n{policy}")
            self.running[name] = Proxy(
                home, policy_file, self.pki, self.provider.port, (GUARDED_SUITE, REDIRECT_SCRIPT),
                options={"pretense_guardrails_keepalive": "1s"},
            )  # fmt: skip
        return self.running[name]


@pytest.fixture(scope="module")
def guarded(
    tmp_path_factory: pytest.TempPathFactory, pki: UpstreamPKI, provider: FakeProvider
) -> Iterator[Guarded]:
    running = Guarded(tmp_path_factory.mktemp("guarded"), pki, provider)
    yield running
    for proxy in running.running.values():
        proxy.stop()


@pytest.fixture
def patient(guarded: Guarded) -> Proxy:
    """Holds for a minute, announces to the webhook, lets the developer approve their own call."""
    return guarded.get("patient", guarded_policy("1m", guarded.webhooks.url))


@pytest.fixture
def impatient(guarded: Guarded) -> Proxy:
    return guarded.get("impatient", guarded_policy("2s"))


def approvals(proxy: Proxy, *arguments: str, user: str | None = None, check: bool = True) -> str:
    """`pretense approvals ...` in its own process, as an approver would run it."""
    environment = {"PRETENSE_HOME": str(proxy.home.root), "PATH": "/usr/bin:/bin"}
    if user is not None:
        environment["PRETENSE_USER"] = user
    done = subprocess.run(
        [str(PRETENSE), "approvals", *arguments],
        env=environment, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def held_id(proxy: Proxy, timeout: float = 20.0) -> str:
    """The id of the one call waiting, once the proxy holds it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = approvals(proxy, "list")
        if "pending" in listed:
            return listed.split()[0]
        time.sleep(0.1)
    raise AssertionError("no call was held")


def in_background[T](work: Callable[[], T]) -> Future[T]:
    return ThreadPoolExecutor(1).submit(work)


def use(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)


def guardrail_records(proxy: Proxy) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [r for r in records(proxy.home.audit_trail) if r.get("type") == "guardrail"]
        if found and found[-1]["decision"] not in ("held",):
            return found
        time.sleep(0.1)
    return [r for r in records(proxy.home.audit_trail) if r.get("type") == "guardrail"]


def curl(proxy: Proxy, url: str, body: dict[str, Any], *extra: str) -> bytes:
    return subprocess.run(
        ["curl", "--silent", "--show-error", "--no-buffer", url, "-H", "content-type: application/json",
         *extra, "--data-binary", "@-"],
        input=json.dumps(body).encode(), env=proxy.environment(), capture_output=True, check=True, timeout=90,
    ).stdout  # fmt: skip


ANTHROPIC_REQUEST = {
    "model": "claude-sonnet-5-5",
    "max_tokens": 256,
    "tools": [{"name": "Bash", "input_schema": {"type": "object"}}],
    "messages": [{"role": "user", "content": "clean up"}],
}


# Anthropic ------------------------------------------------------------------------------------


def test_anthropic_stream_holds_a_destructive_call_until_approved_and_passes_it_byte_for_byte(
    patient: Proxy, guarded: Guarded, fake: FakeProvider
) -> None:
    sent = shapes.anthropic_stream("On it.", {"command": DESTRUCTIVE, "description": "remove data"}, "Bash")
    fake.respond = lambda received: sse_reply(sent)
    answer = in_background(
        lambda: curl(patient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    )
    hold = held_id(patient)
    time.sleep(2.2)  # long enough for keep-alives
    assert "Bash" in approvals(patient, "show", hold)
    approvals(patient, "approve", hold)
    got = answer.result(timeout=60)
    assert got.count(PING) >= sent.count(PING) + 2, "the stream was kept alive while the call waited"
    assert got.replace(PING, b"") == sent.replace(PING, b""), "the call arrived byte for byte"
    kinds = [r["decision"] for r in guardrail_records(patient) if r["hold"] == hold]
    assert kinds == ["held", "approved"]
    hook = next(h for h in guarded.webhooks.received if hold in h["text"])
    assert f"pretense approvals approve {hold}" in hook["text"]


def test_anthropic_sdk_gets_the_explanation_when_an_approver_denies_the_call(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.respond = lambda r: sse_reply(shapes.anthropic_stream("On it.", {"command": DESTRUCTIVE}, "Bash"))
    use(patient, monkeypatch)
    client = anthropic.Anthropic(api_key="k", max_retries=0)

    def ask() -> anthropic.types.Message:
        request = {k: v for k, v in ANTHROPIC_REQUEST.items()}
        with client.messages.stream(**request) as stream:  # type: ignore[arg-type]
            return stream.get_final_message()

    answer = in_background(ask)
    hold = held_id(patient)
    approvals(patient, "deny", hold, "--reason", "production data, ask the DBA")
    message = answer.result(timeout=60)
    assert [block.type for block in message.content] == ["text", "text"]
    said = message.content[1].text  # type: ignore[union-attr]
    assert "denied it: production data, ask the DBA" in said
    assert hold in said
    assert message.stop_reason == "end_turn"


def test_anthropic_non_streamed_held_call_is_approved_and_arrives_as_sent(
    patient: Proxy, fake: FakeProvider
) -> None:
    body = json.dumps(
        shapes.anthropic_message("On it.", {"command": "terraform destroy -auto-approve"}, "Bash")
    )
    fake.respond = lambda r: Reply(200, body.encode())
    answer = in_background(lambda: curl(patient, "https://api.anthropic.com/v1/messages", ANTHROPIC_REQUEST))
    approvals(patient, "approve", held_id(patient))
    assert answer.result(timeout=60) == body.encode()


def test_a_timed_out_call_is_replaced_and_says_how_to_get_it_approved(
    impatient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.respond = lambda r: sse_reply(
        shapes.anthropic_stream("Sure.", {"command": "git reset --hard"}, "Bash")
    )
    use(impatient, monkeypatch)
    client = anthropic.Anthropic(api_key="k", max_retries=0)
    with client.messages.stream(**ANTHROPIC_REQUEST) as stream:  # type: ignore[arg-type]
        message = stream.get_final_message()
    said = message.content[1].text  # type: ignore[union-attr]
    assert "Nobody decided within 2s" in said
    assert "pretense approvals approve" in said
    assert message.stop_reason == "end_turn"
    hold = said.split("Request id: ")[1].split(".")[0]
    assert [r["decision"] for r in guardrail_records(impatient) if r["hold"] == hold] == ["held", "timed_out"]


def test_an_approval_for_a_while_lets_the_retry_through_without_waiting(
    impatient: Proxy, fake: FakeProvider
) -> None:
    command = {"command": "kubectl delete deployment api"}
    fake.respond = lambda r: sse_reply(shapes.anthropic_stream("Sure.", command, "Bash"))
    first = curl(impatient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    hold = first.decode().split("Request id: ")[1].split(".")[0]
    approvals(impatient, "approve", hold, "--for", "15m")
    retry = curl(impatient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    assert retry == shapes.anthropic_stream("Sure.", command, "Bash"), "no wait, so no keep-alive either"
    assert "granted" in [r["decision"] for r in guardrail_records(impatient)]


def test_a_benign_call_passes_at_once(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = shapes.anthropic_stream("Listing.", {"command": "ls -la && git status"}, "Bash")
    fake.respond = lambda r: sse_reply(sent)
    got = curl(patient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    assert got == sent, "not held: no keep-alive, nothing changed"
    assert "no call is waiting" in approvals(patient, "list")


def test_a_call_in_one_character_pieces_with_json_escapes_is_judged_whole(
    patient: Proxy, fake: FakeProvider
) -> None:
    arguments = '{"command": "echo ok; r\\u006d -r\\u0066 \\"/var/lib/postgresql\\""}'
    body = shapes.anthropic_stream("On it.", {"command": "PLACEHOLDER"}, "Bash", fragment=1)
    start = body.index(b'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 1')
    end = body.index(b"event: content_block_stop", start)
    pieces = b"".join(
        b"event: content_block_delta\ndata: "
        + json.dumps({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta",
                                                                            "partial_json": c}}).encode()
        + b"\n\n"
        for c in arguments
    )  # fmt: skip
    sent = body[:start] + pieces + body[end:]
    fake.respond = lambda r: sse_reply(sent)
    answer = in_background(
        lambda: curl(patient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    )
    hold = held_id(patient)
    assert "rm -rf" in approvals(patient, "show", hold)
    approvals(patient, "deny", hold, "--reason", "no")
    got = answer.result(timeout=60)
    assert b"input_json_delta" not in got
    assert b"denied it: no" in got


def test_claude_on_vertex_holds_the_call_too(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.respond = lambda r: sse_reply(
        shapes.anthropic_stream("Sure.", {"command": "helm uninstall api"}, "Bash")
    )
    use(patient, monkeypatch)
    client = anthropic.AnthropicVertex(region="us-east5", project_id="acme", access_token="t", max_retries=0)

    def ask() -> anthropic.types.Message:
        with client.messages.stream(**ANTHROPIC_REQUEST) as stream:  # type: ignore[arg-type]
            return stream.get_final_message()

    answer = in_background(ask)
    approvals(patient, "approve", held_id(patient))
    message = answer.result(timeout=60)
    assert message.content[1].input == {"command": "helm uninstall api"}  # type: ignore[union-attr]
    assert fake.only().path.endswith(":streamRawPredict")


# OpenAI Chat Completions, and Copilot Chat ---------------------------------------------------

CHAT_TOOLS = [{"type": "function", "function": {"name": "shell", "parameters": {"type": "object"}}}]


@pytest.mark.parametrize("base_url", ["https://api.openai.com/v1", "https://api.githubcopilot.com"])
@pytest.mark.parametrize("streamed", [True, False])
def test_openai_chat_held_call_denied_and_the_sdk_reads_the_explanation(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool, base_url: str
) -> None:
    arguments = json.dumps({"command": "bash -c \"echo start; r''m -rf ~/.config\""})
    if streamed:
        fake.respond = lambda r: sse_reply(shapes.openai_chat_stream("Cleaning.", arguments, "shell"))
    else:
        fake.respond = lambda r: json_reply(shapes.openai_chat("Cleaning.", arguments, "shell"))
    use(patient, monkeypatch)
    client = openai.OpenAI(api_key="k", base_url=base_url, max_retries=0)
    messages = [{"role": "user", "content": "clean"}]

    def ask() -> Any:
        if streamed:
            with client.chat.completions.stream(model="gpt-5", messages=messages, tools=CHAT_TOOLS) as s:  # type: ignore[arg-type]
                return s.get_final_completion()
        return client.chat.completions.create(model="gpt-5", messages=messages, tools=CHAT_TOOLS)  # type: ignore[arg-type]

    answer = in_background(ask)
    hold = held_id(patient)
    approvals(patient, "deny", hold, "--reason", "not now")
    choice = answer.result(timeout=60).choices[0]
    assert not choice.message.tool_calls
    assert "denied it: not now" in choice.message.content
    assert choice.finish_reason == "stop"


def test_openai_chat_stream_held_call_approved_arrives_byte_for_byte(
    patient: Proxy, fake: FakeProvider
) -> None:
    sent = shapes.openai_chat_stream(
        "Pushing.", json.dumps({"command": "git push --force origin main"}), "shell"
    )
    fake.respond = lambda r: sse_reply(sent)
    body = {
        "model": "gpt-5",
        "stream": True,
        "tools": CHAT_TOOLS,
        "messages": [{"role": "user", "content": "x"}],
    }
    answer = in_background(lambda: curl(patient, "https://api.openai.com/v1/chat/completions", body))
    hold = held_id(patient)
    time.sleep(1.5)
    approvals(patient, "approve", hold)
    got = answer.result(timeout=60)
    assert b": keep-alive\n\n" in got
    assert got.replace(b": keep-alive\n\n", b"") == sent


def test_copilot_chat_over_http2_holds_the_call(patient: Proxy, fake: FakeProvider) -> None:
    sent = shapes.openai_chat_stream(
        "Dropping.", json.dumps({"command": "psql -c 'DROP TABLE t'"}), "run_in_terminal"
    )
    fake.respond = lambda r: sse_reply(sent)
    body = {
        "model": "gpt-5",
        "stream": True,
        "tools": CHAT_TOOLS,
        "messages": [{"role": "user", "content": "x"}],
    }
    answer = in_background(
        lambda: curl(patient, "https://api.githubcopilot.com/chat/completions", body, "--http2")
    )
    approvals(patient, "approve", held_id(patient))
    assert answer.result(timeout=60).replace(b": keep-alive\n\n", b"") == sent


# OpenAI Responses (Codex) ----------------------------------------------------------------------

RESPONSES_INPUT = [{"role": "user", "content": "tidy up"}]
RESPONSES_TOOLS = [{"type": "function", "name": "shell", "parameters": {"type": "object"}}]
PATCH = "*** Begin Patch\n*** Update File: app.py\n@@\n-a\n+b\n*** End Patch"


@pytest.mark.parametrize("streamed", [True, False])
def test_responses_denied_call_is_a_message_in_every_copy_the_sdk_checks(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    arguments = json.dumps({"command": ["bash", "-lc", "rm -rf /srv/app/data"]})
    if streamed:
        fake.respond = lambda r: sse_reply(shapes.openai_responses_stream("Tidying.", arguments, PATCH))
    else:
        fake.respond = lambda r: json_reply(shapes.openai_responses("Tidying.", arguments, PATCH))
    use(patient, monkeypatch)
    client = openai.OpenAI(api_key="k", max_retries=0)

    def ask() -> Any:
        if streamed:
            with client.responses.stream(
                model="gpt-5-codex", input=RESPONSES_INPUT, tools=RESPONSES_TOOLS
            ) as s:  # type: ignore[arg-type]
                return s.get_final_response()
        return client.responses.create(model="gpt-5-codex", input=RESPONSES_INPUT, tools=RESPONSES_TOOLS)  # type: ignore[arg-type]

    answer = in_background(ask)
    approvals(patient, "deny", held_id(patient), "--reason", "keep the data")
    response = answer.result(timeout=60)
    kinds = [item.type for item in response.output]
    assert kinds == ["reasoning", "message", "message", "custom_tool_call"]
    assert "denied it: keep the data" in response.output[2].content[0].text  # type: ignore[union-attr]
    assert response.output[3].input == PATCH  # type: ignore[union-attr]


def test_codex_local_shell_call_held_and_approved_arrives_as_sent(patient: Proxy, fake: FakeProvider) -> None:
    sent = shapes.openai_responses_stream("Tidying.").replace(b'"output": []', b'"output": []')
    item = {"id": "lsh_1", "type": "local_shell_call", "call_id": "c1", "status": "completed",
            "action": {"type": "exec", "command": ["bash", "-lc", "drizzle-kit push --force"]}}  # fmt: skip
    extra = (
        b"event: response.output_item.added\ndata: "
        + json.dumps({"type": "response.output_item.added", "output_index": 2,
                      "item": {**item, "status": "in_progress"}}).encode()
        + b"\n\nevent: response.output_item.done\ndata: "
        + json.dumps({"type": "response.output_item.done", "output_index": 2, "item": item}).encode()
        + b"\n\n"
    )  # fmt: skip
    at = sent.index(b"event: response.completed")
    sent = sent[:at] + extra + sent[at:]
    fake.respond = lambda r: sse_reply(sent)
    body = {
        "model": "gpt-5-codex",
        "stream": True,
        "tools": [{"type": "local_shell"}],
        "input": RESPONSES_INPUT,
    }
    answer = in_background(lambda: curl(patient, "https://chatgpt.com/backend-api/codex/responses", body))
    approvals(patient, "approve", held_id(patient))
    assert answer.result(timeout=60).replace(b": keep-alive\n\n", b"") == sent


# Gemini ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("streamed", [True, False])
def test_gemini_held_call_denied_is_text_the_sdk_reads(
    patient: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    args = {"command": "aws s3 rm s3://ledger-backups --recursive"}
    if streamed:
        fake.respond = lambda r: sse_reply(
            shapes.gemini_stream("Removing.", args, function="run_shell_command")
        )
    else:
        fake.respond = lambda r: json_reply(shapes.gemini("Removing.", args, "run_shell_command"))
    use(patient, monkeypatch)
    client = genai.Client(api_key="k")
    config = genai.types.GenerateContentConfig(
        tools=[
            genai.types.Tool(
                function_declarations=[genai.types.FunctionDeclaration(name="run_shell_command")]
            )
        ]
    )

    def ask() -> tuple[str, list[Any]]:
        if streamed:
            chunks = list(
                client.models.generate_content_stream(model="gemini-2.5-pro", contents="x", config=config)
            )
            parts = [p for c in chunks if c.candidates for p in c.candidates[0].content.parts or []]
        else:
            response = client.models.generate_content(model="gemini-2.5-pro", contents="x", config=config)
            parts = list(response.candidates[0].content.parts or [])  # type: ignore[index,union-attr]
        return "".join(p.text or "" for p in parts), [p.function_call for p in parts if p.function_call]

    answer = in_background(ask)
    hold = held_id(patient)
    time.sleep(1.5)  # blank-line keep-alives, which google-genai reads as nothing
    approvals(patient, "deny", hold, "--reason", "backups stay")
    text, calls = answer.result(timeout=60)
    assert calls == []
    assert "denied it: backups stay" in text


def test_gemini_cli_code_assist_held_call_approved(patient: Proxy, fake: FakeProvider) -> None:
    args = {"command": "terraform destroy"}
    sent = shapes.gemini_stream("Destroying.", args, wrapped=True, function="run_shell_command")
    fake.respond = lambda r: sse_reply(sent)
    body = {"model": "gemini-2.5-pro", "project": "p",
            "request": {"contents": [{"role": "user", "parts": [{"text": "x"}]}],
                        "tools": [{"functionDeclarations": [{"name": "run_shell_command"}]}]}}  # fmt: skip
    answer = in_background(
        lambda: curl(
            patient, "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse", body
        )
    )
    approvals(patient, "approve", held_id(patient))
    assert re.sub(rb"\n\n\n+", b"\n\n", answer.result(timeout=60)) == sent, "blank-line keep-alives aside"


# Policy and evidence ---------------------------------------------------------------------------


def test_a_call_is_judged_on_the_names_the_agent_gets_back_not_the_pseudonyms(
    patient: Proxy, fake: FakeProvider
) -> None:
    code = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"

    def echo(received: Received) -> Reply:
        pseudonym = received.json()["messages"][0]["content"].split()[1].rstrip(":")
        write = {"file_path": f"/srv/app/{pseudonym}.py", "content": f"class {pseudonym}: pass\n"}
        return sse_reply(shapes.anthropic_stream("Writing.", write, "Write"))

    fake.respond = echo
    request = {**ANTHROPIC_REQUEST, "stream": True, "messages": [{"role": "user", "content": code}]}
    answer = in_background(lambda: curl(patient, "https://api.anthropic.com/v1/messages", request))
    hold = held_id(patient)
    assert "/srv/app/AccountLedger.py" in approvals(patient, "show", hold)
    approvals(patient, "approve", hold)
    got = answer.result(timeout=60).decode()
    assert "AccountLedger" not in fake.only().body.decode()
    restored = "".join(json.loads(line[6:])["delta"].get("partial_json", "") for line in got.splitlines()
                       if line.startswith("data: ") and "input_json_delta" in line)  # fmt: skip
    assert json.loads(restored)["file_path"] == "/srv/app/AccountLedger.py"
    held = next(r for r in guardrail_records(patient) if r["hold"] == hold and r["decision"] == "held")
    assert "AccountLedger" not in held["preview"], "the trail keeps the pseudonym, never the name"


def test_separation_of_duties_needs_another_approver(guarded: Guarded, fake: FakeProvider) -> None:
    strict = guarded.get("strict", guarded_policy("1m", self_approval=False))
    fake.respond = lambda r: sse_reply(shapes.anthropic_stream("Sure.", {"command": "rm -rf /opt/x"}, "Bash"))
    answer = in_background(
        lambda: curl(strict, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    )
    hold = held_id(strict)
    refused = approvals(strict, "approve", hold, user="root", check=False)
    assert "separation of duties" in refused
    approvals(strict, "approve", hold, user="bob")
    assert b"input_json_delta" in answer.result(timeout=60)
    approved = next(r for r in guardrail_records(strict) if r["hold"] == hold and r["decision"] == "approved")
    assert approved["approver"] == "bob"


def test_the_audit_trail_keeps_a_keyed_hmac_and_a_preview_without_secrets(
    patient: Proxy, fake: FakeProvider
) -> None:
    token = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
    command = f"curl -H 'Authorization: token {token}' https://x && rm -rf /etc/app"
    fake.respond = lambda r: sse_reply(shapes.anthropic_stream("Sure.", {"command": command}, "Bash"))
    answer = in_background(
        lambda: curl(patient, "https://api.anthropic.com/v1/messages", {**ANTHROPIC_REQUEST, "stream": True})
    )
    hold = held_id(patient)
    approvals(patient, "deny", hold, "--reason", "no")
    answer.result(timeout=60)
    held = next(r for r in guardrail_records(patient) if r["hold"] == hold and r["decision"] == "held")
    assert len(held["command_hmac"]) == 32
    assert "rm -rf /etc/app" in held["preview"]
    assert token not in held["preview"]
    assert token not in "".join(p.read_text() for p in patient.home.audit_trail.glob("*.jsonl"))
    assert held["rule"].startswith("rule rm-outside-worktree")


def test_claude_code_does_not_run_a_held_bash_call_until_approved() -> None:
    pytest.importorskip(
        "tests.clients", reason="needs the real-CLI harness (tests/clients/), not on this branch"
    )
