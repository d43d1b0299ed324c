"""Claude Code, Codex CLI and Gemini CLI, installed from npm, through the real proxy: each reads
a proprietary module with its own tool, edits one line with the names the model was shown,
and prints the model's answer. The edit lands on disk in the real names, the developer reads
the real names, the provider never gets a defined name or the planted secret, and the audit
trail records every request, the first prompt's mentions of the code included (the proxy
indexes the repository the CLI works in before that prompt leaves)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from _pytest.mark import ParameterSet

from tests import cli
from tests.clients import ledger
from tests.clients.client_run import ClientRun, leaks
from tests.clients.clients import CLIENTS
from tests.e2e.fake_provider import Received

pytestmark = pytest.mark.clients

NEVER_SENT = (*ledger.DEFINED, ledger.SECRET)
PINNED = json.loads(Path(__file__).with_name("package-lock.json").read_text())["packages"]
PACKAGES = {
    "claude-code": "@anthropic-ai/claude-code",
    "codex": "@openai/codex",
    "gemini-cli": "@google/gemini-cli",
}


def each() -> list[ParameterSet]:
    """Every CLI as a parameter."""
    return [pytest.param(client, id=client.name) for client in CLIENTS]


def leaks_in(requests: list[Received], needles: tuple[str, ...] = NEVER_SENT) -> str:
    """Each leak in `requests`, one `request N, place: names` line."""
    return "".join(
        f"request {number}, {place}\n"
        for number, request in enumerate(requests, 1)
        for place in leaks(request, needles)
    )


@pytest.mark.parametrize("run", each(), indirect=True)
def test_the_file_on_disk_is_the_edit_in_real_names(run: ClientRun) -> None:
    assert run.returncode == 0, run.errors
    assert run.on_disk == ledger.EDITED


@pytest.mark.parametrize("run", each(), indirect=True)
def test_the_cli_prints_the_answer_in_real_names(run: ClientRun) -> None:
    assert ledger.ANSWER in run.printed, run.printed


@pytest.mark.parametrize("run", each(), indirect=True)
def test_once_the_file_is_read_no_defined_name_or_secret_reaches_the_provider(run: ClientRun) -> None:
    assert len(run.after_read) == 2  # the edit's turn and the answer's
    assert not (found := leaks_in(run.after_read)), found


@pytest.mark.parametrize("run", each(), indirect=True)
def test_no_defined_name_or_secret_reaches_the_provider(run: ClientRun) -> None:
    assert len(run.turns) == 3
    assert not (found := leaks_in(run.received)), found


@pytest.mark.parametrize("run", each(), indirect=True)
def test_every_request_of_the_conversation_has_its_audit_record(run: ClientRun) -> None:
    sent = Counter((request.host, len(request.body)) for request in run.turns)
    recorded = Counter(
        (record["host"], record["sent_bytes"])
        for record in run.trail
        if record["type"] == "request" and record["status"] == 200
    )
    assert sent == recorded, (
        [(r.method, r.path, len(r.body), r.headers.get("content-encoding")) for r in run.received],
        [
            (t["type"], t.get("path"), t.get("status"), t.get("sent_bytes"), t.get("decision"))
            for t in run.trail
        ],
    )
    written = "\n".join(map(str, run.trail))
    assert [needle for needle in NEVER_SENT if needle in written] == []
    verified = cli.pretense(run.pretense_home, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.mark.parametrize("run", each(), indirect=True)
def test_the_audit_trail_answers_that_the_class_was_sent_renamed(run: ClientRun) -> None:
    found = cli.pretense(run.pretense_home, "audit", "search", "--identifier", "AccountLedger")
    assert found.returncode == 0, found.stderr
    assert "AccountLedger mutated" in found.stdout, found.stdout


@pytest.mark.parametrize("run", each(), indirect=True)
def test_the_cli_reaches_only_its_model_api(run: ClientRun) -> None:
    """No telemetry, no update check, no plugin sync: every connection is to the model API,
    and what is not a turn of the conversation only reads (Claude Code's managed settings)."""
    assert set(run.hosts) == {run.client.host}
    sent = [request.path for request in run.received if request.method != "GET"]
    assert sent == [request.path for request in run.turns]


@pytest.mark.parametrize("named_run", each(), indirect=True)
def test_a_first_prompt_naming_the_code_keeps_the_names_from_the_provider(named_run: ClientRun) -> None:
    first = named_run.turns[0]
    assert not (found := leaks_in([first], ledger.NAMED_IN_PROMPT)), found


@pytest.mark.parametrize("run", each(), indirect=True)
def test_the_inventory_lists_the_cli_at_its_pinned_version(run: ClientRun) -> None:
    listed = cli.pretense(run.pretense_home, "inventory", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    tools = {entry["tool"]: entry for entry in json.loads(listed.stdout)}
    assert run.client.name in tools, list(tools)
    entry = tools[run.client.name]
    version = PINNED[f"node_modules/{PACKAGES[run.client.name]}"]["version"]
    assert list(entry["versions"]) == [version]
    assert entry["requests"] >= len(run.turns)
    assert entry["hosts"] == {run.client.host: entry["requests"]}
