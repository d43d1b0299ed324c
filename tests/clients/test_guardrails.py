"""A guardrail held against the real CLIs: the policy holds any change to the ledger module, the
scripted model asks for one, and the CLI waits, with the file untouched, until someone runs
`pretense approvals` in another process. Approved, the edit lands as the model wrote it;
denied, the file stays as it was and the CLI ends its turn on the explanation it got in place
of the call."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark import ParameterSet

from tests.clients import ledger
from tests.clients.client_run import SHIPPED_POLICY, ClientRun, run_client
from tests.clients.clients import CLIENTS
from tests.e2e.conftest import Proxy
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.clients

PRETENSE = Path(sys.executable).with_name("pretense")
RULE = f"    - {{name: ledger-module, action: hold, paths: ['**/{ledger.FILE_NAME}']}}\n"
# How long the approver waits, once the call is held, before deciding: the CLI must not
# have touched the file meanwhile.
HELD_FOR = 3.0


@dataclass(frozen=True)
class Held:
    """What the approver saw: the pending call's line and the file while it waited."""

    listed: str
    on_disk_while_held: str


def guarded_policy(folder: Path) -> Path:
    """The shipped policy with one more guardrail: any change to the ledger module waits."""
    shipped = SHIPPED_POLICY.read_text()
    section = shipped.index("\nguardrails:")
    rules_end = shipped.find("\n\n", section) + 1 or len(shipped)
    policy = folder / "guarded.yaml"
    policy.write_text(shipped[:rules_end] + RULE + shipped[rules_end:])
    return policy


def approvals(proxy: Proxy, *arguments: str) -> str:
    done = subprocess.run(
        [str(PRETENSE), "approvals", *arguments],
        env={"PRETENSE_HOME": str(proxy.home.root), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return done.stdout


def approver(decision: str) -> Any:
    def decide(proxy: Proxy, repository: Path) -> Held:
        deadline = time.monotonic() + 45
        while "pending" not in (listed := approvals(proxy, "list")):
            if time.monotonic() > deadline:
                raise AssertionError("no call was held")
            time.sleep(0.2)
        time.sleep(HELD_FOR)
        held = Held(listed, (repository / ledger.FILE_NAME).read_text())
        approvals(
            proxy, decision, listed.split()[0], *(("--reason", "not now") if decision == "deny" else ())
        )
        return held

    return decide


def guarded_run(request: pytest.FixtureRequest, decision: str) -> ClientRun:
    client = request.param
    workspace = request.getfixturevalue("tmp_path_factory").mktemp(f"{client.name}-{decision}")
    pki: UpstreamPKI = request.getfixturevalue("pki")
    provider: FakeProvider = request.getfixturevalue("provider")
    return run_client(
        client, workspace, pki, provider, ledger.PROMPT,
        policy=guarded_policy(workspace), alongside=approver(decision),
    )  # fmt: skip


@pytest.fixture(scope="module")
def approved(request: pytest.FixtureRequest) -> ClientRun:
    return guarded_run(request, "approve")


@pytest.fixture(scope="module")
def denied(request: pytest.FixtureRequest) -> ClientRun:
    return guarded_run(request, "deny")


def each() -> list[ParameterSet]:
    return [pytest.param(client, id=client.name) for client in CLIENTS]


def decisions(run: ClientRun) -> list[str]:
    return [record["decision"] for record in run.trail if record["type"] == "guardrail"]


@pytest.mark.parametrize("approved", each(), indirect=True)
def test_a_held_edit_waits_for_the_approver_then_lands_as_written(approved: ClientRun) -> None:
    held = approved.seen
    assert isinstance(held, Held)
    assert "ledger-module" in held.listed, held.listed
    assert held.on_disk_while_held == ledger.SOURCE
    assert approved.returncode == 0, approved.errors
    assert approved.on_disk == ledger.EDITED
    assert decisions(approved) == ["held", "approved"]


@pytest.mark.parametrize("denied", each(), indirect=True)
def test_a_denied_edit_never_reaches_the_file(denied: ClientRun) -> None:
    held = denied.seen
    assert isinstance(held, Held)
    assert held.on_disk_while_held == ledger.SOURCE
    assert denied.returncode == 0, denied.errors
    assert denied.on_disk == ledger.SOURCE
    assert decisions(denied) == ["held", "denied"]
