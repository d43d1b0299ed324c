"""One run of a real CLI through the real proxy (`mitmdump -s addons/pretense.py` with the shipped
default policy) against the scripted fake provider, and what it leaves to check: the file on
disk, what the CLI printed, every request the provider received, the audit trail, the hosts
the CLI asked for."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.clients import ledger
from tests.clients.clients import Client
from tests.clients.conversation import ScriptedConversation
from tests.e2e.conftest import REDIRECT_SCRIPT, ROOT, Proxy
from tests.e2e.fake_provider import FakeProvider, Received
from tests.e2e.pki import UpstreamPKI

CONNECTIONS_SCRIPT = Path(__file__).with_name("connections_addon.py")
# The suite as addons/pretense.py builds it, its guardrails relay dialling the fake provider:
# the shipped policy has guardrails, so every turn that declares tools goes through the relay.
GUARDED_SUITE = Path(__file__).parents[1] / "e2e" / "guarded_suite.py"
SHIPPED_POLICY = ROOT / "policies" / "default.yaml"
# A CLI run takes seconds; this bounds one that hangs (a retry loop, a prompt nobody answers).
TIMEOUT = 60.0


@dataclass(frozen=True)
class ClientRun:
    client: Client
    returncode: int
    printed: str
    errors: str
    received: list[Received]
    on_disk: str
    # The proxy's home: its audit trail, its key.
    pretense_home: Path
    trail: list[dict[str, Any]]
    hosts: list[str]
    # What `alongside` returned, if it was given.
    seen: object = None

    @property
    def turns(self) -> list[Received]:
        """The requests of the agent's conversation, in the order the provider got them."""
        return [request for request in self.received if self.client.wire.is_turn(request)]

    @property
    def after_read(self) -> list[Received]:
        """The turns that carry the read file back to the model."""
        return [request for request in self.turns if self.client.wire.results(request.json())]


def run_client(
    client: Client,
    workspace: Path,
    pki: UpstreamPKI,
    provider: FakeProvider,
    prompt: str,
    policy: Path = SHIPPED_POLICY,
    entry: Path = GUARDED_SUITE,
    alongside: Callable[[Proxy, Path], object] | None = None,
) -> ClientRun:
    """Runs `client` on `prompt` in a new repository holding the proprietary module, with
    `pretense run`'s environment, a home of its own and nothing of the machine's settings.
    `alongside(proxy, repository)` runs in a thread while the CLI does (an approver, say)."""
    home, pretense_home = workspace / "home", workspace / "pretense"
    home.mkdir()
    pretense_home.mkdir()
    repository = _repository(workspace / "wealth-platform", home)
    connections = workspace / "connections.log"
    connections.touch()
    proxy = Proxy(
        pretense_home,
        policy,
        pki,
        provider.port,
        (entry, REDIRECT_SCRIPT, CONNECTIONS_SCRIPT),
        options={"connection_log": str(connections)},
    )
    provider.reset()
    provider.respond = ScriptedConversation(client.wire, client.read_path(repository / ledger.FILE_NAME))
    environment = _base_environment(workspace) | proxy.environment() | client.configure(home)
    beside: Future[object] | None = None
    try:
        if alongside is not None:
            beside = ThreadPoolExecutor(1).submit(alongside, proxy, repository)
        returncode, printed, errors = _run(
            [str(client.path), *client.arguments, prompt], repository, environment
        )
        received = list(provider.received)
        seen = beside.result(timeout=TIMEOUT) if beside is not None else None
    finally:
        proxy.stop()  # a clean stop writes the last records and the closing checkpoint
        provider.reset()
    return ClientRun(
        client=client,
        returncode=returncode,
        printed=printed,
        errors=errors,
        received=received,
        on_disk=(repository / ledger.FILE_NAME).read_text(),
        pretense_home=pretense_home,
        trail=_records(proxy.home.audit_trail),
        hosts=connections.read_text().split(),
        seen=seen,
    )


def leaks(request: Received, needles: Iterable[str]) -> list[str]:
    """Where each of `needles` is in clear in what the provider received, one `place: needles`
    line per header, path or field of the decoded JSON body."""
    places = [(f"header {name}", value) for name, value in request.headers.items()]
    places.append(("path", request.path))
    content = request.content.decode("utf-8", "replace")
    try:
        places += _strings(json.loads(content), "body") if content else []
    except ValueError:
        places.append(("body", content))
    found = []
    for place, text in places:
        if named := [needle for needle in needles if needle in text]:
            found.append(f"{place}: {', '.join(named)}")
    return found


def _strings(node: Any, place: str) -> Iterator[tuple[str, str]]:
    """Every string of a JSON document, keys included, with where it is."""
    if isinstance(node, str):
        yield place, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield f"{place} (a key)", key
            yield from _strings(value, f"{place}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{place}.{index}")


def _repository(path: Path, home: Path) -> Path:
    path.mkdir()
    (path / ledger.FILE_NAME).write_text(ledger.SOURCE)
    environment = {"PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(home)}
    for command in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "."],
        ["git", "-c", "user.name=Dev", "-c", "user.email=dev@bank.example", "commit", "-qm", "Import"],
    ):
        subprocess.run(command, cwd=path, env=environment, check=True, capture_output=True, timeout=30)
    return path


def _base_environment(workspace: Path) -> dict[str, str]:
    """Only what a CLI needs to start: node and git on the PATH, a home and a temporary
    folder in the workspace, a UTF-8 locale."""
    tools = {str(Path(found).parent) for found in map(shutil.which, ("node", "git")) if found}
    temporary = workspace / "tmp"
    temporary.mkdir()
    return {
        "PATH": os.pathsep.join([*sorted(tools), "/usr/bin", "/bin"]),
        "HOME": str(workspace / "home"),
        "TMPDIR": str(temporary),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _run(command: list[str], cwd: Path, environment: dict[str, str]) -> tuple[int, str, str]:
    # A session of its own, so that a CLI that hangs is ended with every process it started.
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    try:
        printed, errors = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _end_session(process.pid)
        printed, errors = process.communicate()
        raise RuntimeError(f"{command[0]} did not finish in {TIMEOUT:.0f} s:\n{printed}\n{errors}") from None
    _end_session(process.pid)  # what the CLI left running in the background
    return process.returncode, printed, errors


def _end_session(leader: int) -> None:
    try:
        os.killpg(leader, signal.SIGKILL)
    except ProcessLookupError:
        return


def _records(trail: Path) -> list[dict[str, Any]]:
    lines = (line for part in sorted(trail.glob("trail-*")) for line in part.read_text().splitlines())
    return [json.loads(line) for line in lines]
