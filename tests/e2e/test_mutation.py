"""The restricted tier through the real proxy: the provider never sees a name the request's
code defines, and the tool gets every answer back in its own names, byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

import anthropic
import openai
import pytest

from mutators.keep import is_kept
from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).parents[1] / "mutators" / "fixtures" / "python" / "sample.py"
SOURCE = SAMPLE.read_text()
DEFINED = {n for n in (SAMPLE.parent / "expected.txt").read_text().split() if not is_kept(n)}
CAT_N = "".join(f"{number:6}\u2192{line}\n" for number, line in enumerate(SOURCE.splitlines(), 1))
WORD = re.compile(r"[A-Za-z0-9_]+")


@pytest.fixture
def restricted(proxies: Proxies, monkeypatch: pytest.MonkeyPatch) -> Proxy:
    proxy = proxies.get("restricted")
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    return proxy


def leaked(body: bytes) -> set[str]:
    return DEFINED & set(WORD.findall(body.decode()))


def claude_code_turn() -> list[dict[str, object]]:
    return [
        {"role": "user", "content": "Why does AccountHolder.rebalance drift?"},
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "Read",
                    "input": {"file_path": "/src/wealth/accounts.py"},
                },
            ],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": CAT_N}]},
    ]


def edit_from_what_was_sent(received: Received) -> Reply:
    """Answers as a model would: quotes the file it was sent in an Edit call."""
    sent_file = received.json()["messages"][2]["content"][0]["content"]
    lines = [line.split("\u2192", 1)[1] for line in sent_file.splitlines()]
    old = "\n".join(lines[8:16])
    edit = {
        "file_path": "/src/wealth/accounts.py",
        "old_string": old,
        "new_string": old + "\n        # checked",
    }
    return sse_reply(shapes.anthropic_stream(f"Look at `{lines[15].strip()}`: it sums drift.", edit))


def test_claude_code_edit_round_trips_through_restricted(restricted: Proxy, fake: FakeProvider) -> None:
    fake.respond = edit_from_what_was_sent
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    with client.messages.stream(
        model="claude-sonnet-5-5",
        max_tokens=512,
        system="<env>\nWorking directory: /src/wealth\n</env>",
        messages=claude_code_turn(),  # type: ignore[arg-type]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    received = fake.only()
    assert leaked(received.body) == set()
    assert b"/src/wealth/accounts.py" not in received.body  # the module name is first-party too
    original = SOURCE.splitlines()
    assert text == f"Look at `{original[15].strip()}`: it sums drift."
    edit = final.content[1]
    assert edit.type == "tool_use"
    assert edit.input["old_string"] == "\n".join(original[8:16])  # type: ignore[index]
    assert edit.input["old_string"] in SOURCE  # type: ignore[index]
    assert edit.input["file_path"] == "/src/wealth/accounts.py"  # type: ignore[index]


def test_openai_fenced_code_and_tool_arguments(restricted: Proxy, fake: FakeProvider) -> None:
    def answer(received: Received) -> Reply:
        sent = received.json()["messages"][0]["content"]
        pseudonym = re.search(r"class (\w+):", sent)
        assert pseudonym is not None
        arguments = json.dumps({"path": "accounts.py", "symbol": pseudonym.group(1)})
        return json_reply(shapes.openai_chat(f"{pseudonym.group(1)} looks fine.", arguments))

    fake.respond = answer
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    question = f"Review this:\n```python\n{SOURCE}```\nIs AccountHolder thread-safe?"
    message = (
        client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": question}])
        .choices[0]
        .message
    )
    assert leaked(fake.only().body) == set()
    assert message.content == "AccountHolder looks fine."
    assert message.tool_calls
    assert json.loads(message.tool_calls[0].function.arguments) == {  # type: ignore[union-attr]
        "path": "accounts.py",
        "symbol": "AccountHolder",
    }


def test_a_request_with_no_code_goes_out_unchanged(restricted: Proxy, fake: FakeProvider) -> None:
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    client.messages.create(
        model="claude-sonnet-5-5", max_tokens=8, messages=[{"role": "user", "content": "hello"}]
    )
    assert fake.only().json()["messages"] == [{"role": "user", "content": "hello"}]


def test_openai_stream_restores_text_and_tool_arguments(restricted: Proxy, fake: FakeProvider) -> None:
    def answer(received: Received) -> Reply:
        sent = received.json()["messages"][0]["content"]
        holder = re.search(r"class (\w+):", sent)
        method = re.search(r"def (\w+)\(self, \w+: dict", sent)
        assert holder is not None
        assert method is not None
        text = f"{holder[1]}.{method[1]} sums `{holder[1]}Factory` drift; see test_{method[1]}."
        arguments = json.dumps({"path": "accounts.py", "old": f"def {method[1]}(self"})
        return sse_reply(shapes.openai_chat_stream(text, arguments))

    fake.respond = answer
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    stream = client.chat.completions.create(
        model="gpt-4.1",
        stream=True,
        messages=[{"role": "user", "content": f"```python\n{SOURCE}```\nWhy the drift?"}],
    )
    text, arguments = "", ""
    for chunk in stream:
        for choice in chunk.choices:
            text += choice.delta.content or ""
            for call in choice.delta.tool_calls or []:
                arguments += (call.function and call.function.arguments) or ""
    assert leaked(fake.only().body) == set()
    assert text == ("AccountHolder.rebalance sums `AccountHolderFactory` drift; see test_rebalance.")
    assert json.loads(arguments) == {"path": "accounts.py", "old": "def rebalance(self"}


def test_code_the_tool_writes_is_read_for_definitions(restricted: Proxy, fake: FakeProvider) -> None:
    """A Write call's content defines names: they are hidden in the call and everywhere else."""
    write = {
        "type": "tool_use",
        "id": "toolu_9",
        "name": "Write",
        "input": {
            "file_path": "/src/wealth/fees.py",
            "content": "def accrue_custody_fee(vault):\n    pass\n",
        },
    }
    messages = [
        {"role": "user", "content": "Add accrue_custody_fee to fees.py"},
        {"role": "assistant", "content": [write]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "ok"}]},
    ]
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    client.messages.create(model="claude-sonnet-5-5", max_tokens=8, messages=messages)  # type: ignore[arg-type]
    sent = fake.only().body
    assert b"accrue_custody_fee" not in sent
    assert b"vault" not in sent
    assert b"fees.py" not in sent
