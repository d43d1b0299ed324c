"""Which file a shell command prints, and that its output is then read as that file."""

from __future__ import annotations

import json

import pytest

from mutators.base import FieldKind
from providers.anthropic import AnthropicMessages
from providers.commands import printed_by_script, printed_file
from providers.gemini import Gemini
from providers.openai_responses import OpenAIResponses


@pytest.mark.parametrize(
    ("command", "file"),
    [
        ("cat tranche_ledger.py", "tranche_ledger.py"),
        ("sed -n '1,200p' src/ledger/post.py", "src/ledger/post.py"),
        ('bash -lc "head -n 80 cmd/main.go"', "cmd/main.go"),
        (["bash", "-lc", "cat src/a.ts"], "src/a.ts"),
        ("cd src && cat a.py", "a.py"),
        ("cat a.py | head -20", "a.py"),
        ("nl -ba lib.rs", "lib.rs"),
        ("cat a.py b.py", None),  # two files: whose text is it?
        ("sed -i s/a/b/ x.py", None),  # edits, prints nothing
        ("ls -la", None),
        ("cat 'unterminated", None),
    ],
)
def test_the_file_a_command_prints(command: str | list[str], file: str | None) -> None:
    assert printed_file(command) == file


def test_the_file_a_javascript_tool_prints() -> None:
    script = 'const r = await tools.exec_command({cmd: "cat ledger.py", yield_time_ms: 500});\ntext(r);'
    assert printed_by_script(script) == "ledger.py"
    assert printed_by_script("await tools.apply_patch(`*** Begin Patch`)") is None


OUTPUT = (
    "Chunk ID: 9c\nWall time: 0.03 seconds\nProcess exited with code 0\nOutput:\n"
    "class AccountLedger:\n    pass\n"
)


def test_codex_shell_output_is_the_file_it_printed() -> None:
    body = {
        "input": [
            {
                "type": "function_call",
                "name": "exec_command",
                "call_id": "c1",
                "arguments": json.dumps({"cmd": "cat ledger.py"}),
            },
            {"type": "function_call_output", "call_id": "c1", "output": OUTPUT},
            {
                "type": "custom_tool_call",
                "name": "exec",
                "call_id": "c2",
                "input": 'tools.exec_command({cmd: "cat b.py"})',
            },
            {"type": "custom_tool_call_output", "call_id": "c2", "output": "class B: pass\n"},
        ]
    }
    results = [f for f in OpenAIResponses().request_fields(body) if f.kind is FieldKind.TOOL_RESULT]
    assert [f.source_path for f in results] == ["ledger.py", "b.py"]


def test_claude_code_bash_and_gemini_shell_outputs_are_the_files_they_printed() -> None:
    claude = {
        "messages": [
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "cat a.py"}}
                ],
            },
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "x = 1\n"}]},
        ]
    }
    (result,) = [f for f in AnthropicMessages().request_fields(claude) if f.kind is FieldKind.TOOL_RESULT]
    assert result.source_path == "a.py"
    gemini = {
        "contents": [
            {
                "role": "model",
                "parts": [{"functionCall": {"name": "run_shell_command", "args": {"command": "cat g.go"}}}],
            },
            {
                "role": "user",
                "parts": [
                    {"functionResponse": {"name": "run_shell_command", "response": {"output": "package g"}}}
                ],
            },
        ]
    }
    results = [
        f for f in Gemini("gemini", wrapped=False).request_fields(gemini) if f.kind is FieldKind.TOOL_RESULT
    ]
    assert [f.source_path for f in results] == ["g.go"]
