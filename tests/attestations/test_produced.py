"""The code an answer produced, read from each wire format's answers as recorded (tests/e2e
shapes), streamed in odd chunks and whole: new file text, patch additions, here-documents,
fenced blocks and inline completions; never the text an edit replaces."""

from __future__ import annotations

import json

import orjson
import pytest

from attestations.produced import Produced, patch_additions, produced_code
from providers.base import WireFormat
from providers.routes import RouteTable
from tests.e2e import shapes

ROUTES = RouteTable()
CODE = "def settle(amount):\n    return round(amount, 2)\n"
FENCED = f"Try this:\n\n```python\n{CODE}```\n\nand run the tests."
EDIT = {"file_path": "/src/ledger/settle.py", "old_string": "return amount", "new_string": CODE}
PATCH = (
    "*** Begin Patch\n*** Update File: src/ledger/settle.py\n@@ def settle(amount):\n"
    "-    return amount\n+    return round(amount, 2)\n*** Add File: src/ledger/fees.py\n"
    "+FEE = 0.01\n+def fee(x):\n+    return x * FEE\n*** End Patch"
)


def wire(host: str, path: str) -> WireFormat:
    route = ROUTES.match(host, path)
    assert route is not None
    return route.wire


ANTHROPIC = wire("api.anthropic.com", "/v1/messages")
CHAT = wire("api.openai.com", "/v1/chat/completions")
RESPONSES = wire("api.openai.com", "/v1/responses")
GEMINI = wire("generativelanguage.googleapis.com", "/v1beta/models/gemini-3-pro:streamGenerateContent")
COPILOT = wire("proxy.individual.githubcopilot.com", "/v1/engines/gpt-41-copilot/completions")


def chunks(body: bytes, size: int = 13) -> list[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)]


def found(wire_format: WireFormat, body: bytes, streamed: bool) -> set[Produced]:
    return set(produced_code(wire_format, chunks(body) if streamed else [body], streamed))


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_an_anthropic_edit_and_a_fenced_block(streamed: bool) -> None:
    if streamed:
        body = shapes.anthropic_stream(FENCED, EDIT, "Edit")
    else:
        body = orjson.dumps(shapes.anthropic_message(FENCED, EDIT, "Edit"))
    assert found(ANTHROPIC, body, streamed) == {Produced("/src/ledger/settle.py", CODE), Produced(None, CODE)}


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_an_openai_chat_write(streamed: bool) -> None:
    arguments = json.dumps({"path": "src/ledger/settle.py", "content": CODE})
    if streamed:
        body = shapes.openai_chat_stream("Done.", arguments, "write_file")
    else:
        body = orjson.dumps(shapes.openai_chat("Done.", arguments, "write_file"))
    assert found(CHAT, body, streamed) == {Produced("src/ledger/settle.py", CODE)}


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_a_codex_apply_patch(streamed: bool) -> None:
    if streamed:
        body = shapes.openai_responses_stream("Patching.", None, PATCH)
    else:
        body = orjson.dumps(shapes.openai_responses("Patching.", None, PATCH))
    assert found(RESPONSES, body, streamed) == {
        Produced("src/ledger/settle.py", "    return round(amount, 2)"),
        Produced("src/ledger/fees.py", "FEE = 0.01\ndef fee(x):\n    return x * FEE"),
    }


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_a_gemini_write_file(streamed: bool) -> None:
    args = {"file_path": "/src/ledger/settle.py", "content": CODE}
    if streamed:
        body = shapes.gemini_stream("Writing.", args, function="write_file")
    else:
        body = orjson.dumps(shapes.gemini("Writing.", args, "write_file"))
    assert found(GEMINI, body, streamed) == {Produced("/src/ledger/settle.py", CODE)}


def test_a_copilot_completion_is_code_as_it_comes() -> None:
    body = shapes.copilot_completion_stream("    return round(amount, 2)\n")
    assert found(COPILOT, body, True) == {Produced(None, "    return round(amount, 2)\n")}


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        ("Write", {"file_path": "a.py", "content": CODE}, {Produced("a.py", CODE)}),
        (
            "MultiEdit",
            {
                "file_path": "a.py",
                "edits": [{"old_string": "x", "new_string": "y = 1"}, {"new_string": "z = 2"}],
            },
            {Produced("a.py", "y = 1"), Produced("a.py", "z = 2")},
        ),
        (
            "str_replace_based_edit_tool",
            {"command": "str_replace", "path": "a.py", "old_str": "old", "new_str": "new = 1"},
            {Produced("a.py", "new = 1")},
        ),
        (
            "Bash",
            {"command": f"cat > src/settle.py <<'EOF'\n{CODE}EOF"},
            {Produced("src/settle.py", CODE.rstrip())},
        ),
        (
            "Bash",
            {"command": "echo 'x = 1' | tee -a a.py b.py"},
            {Produced("a.py", "x = 1"), Produced("b.py", "x = 1")},
        ),
        ("Bash", {"command": "ls -la"}, set()),
        ("Read", {"file_path": "a.py"}, set()),
        ("apply_patch", {"input": PATCH}, set(patch_additions(PATCH))),
    ],
    ids=["write", "multiedit", "str-replace", "heredoc", "tee", "no-write", "read", "patch-argument"],
)
def test_what_each_file_tool_writes(tool: str, arguments: dict[str, object], expected: set[Produced]) -> None:
    body = orjson.dumps(shapes.anthropic_message("", arguments, tool))
    assert found(ANTHROPIC, body, False) == expected


def test_the_patches_inside_codex_exec_javascript() -> None:
    script = f"await tools.exec_command({{cmd: 'ls'}});\nawait tools.apply_patch(`{PATCH}`);"
    body = orjson.dumps(shapes.openai_responses("Working.", None, script))
    assert found(RESPONSES, body, False) == set(patch_additions(PATCH))


def test_unified_diff_additions_per_file() -> None:
    diff = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1 +1,2 @@\n-a = 1\n+a = 2\n+++ b\n"
    assert patch_additions(diff) == [Produced("x.py", "a = 2\n++ b")]


def test_an_unreadable_answer_produces_nothing() -> None:
    assert produced_code(ANTHROPIC, [b"not json"], False) == []
    assert produced_code(ANTHROPIC, [b"data: {broken\n\n"], True) == []
