"""What the installed git hooks run on the developer's machine, `python -m attestations.hook
commit-msg FILE | post-commit`: at commit-msg, ask the local Pretense to attest the tree
being committed and write its trailers into the message (or say in a `Pretense-Unattested`
trailer why none could be had); at post-commit, tell it the commit's id. The hook never
reads the audit key or the trail: the proxy signs, so only a running Pretense can attest.
It imports little, so a commit waits a tenth of a second for it, not the whole CLI's start.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from attestations import git
from attestations.attest import given_before
from attestations.endpoint import ATTEST_PATH, COMMITS_PATH, ENDPOINT
from attestations.errors import AttestationError
from attestations.trailers import ASSISTED_BY, ATTESTATION, UNATTESTED, Trailer, with_trailers

DEFAULT_PROXY = "http://127.0.0.1:8080"
PROXY_SETTING = "pretense.proxy"
"""The git setting (`git config pretense.proxy`) naming the proxy the hooks ask."""
TIMEOUT = 60.0
_GIVEN = frozenset({ATTESTATION, ASSISTED_BY})


class Unreachable(AttestationError):
    """No Pretense answered at the proxy's address."""


@dataclass(frozen=True, slots=True)
class Outcome:
    trailers: list[Trailer]
    said: str
    """One line for the developer."""


def commit_msg(message_file: Path, cwd: Path) -> str:
    """Add the attestation (or why there is none) to the message being committed."""
    root = git.top_level(cwd)
    outcome = attest(root)
    text = message_file.read_text(encoding="utf-8", errors="surrogateescape")
    comment = git.config(root, "core.commentChar") or "#"
    mark = "#" if comment == "auto" else comment[0]
    edited = with_trailers(text, outcome.trailers, mark, dropped=given_before(text))
    message_file.write_text(edited, encoding="utf-8", errors="surrogateescape")
    return outcome.said


def attest(root: Path) -> Outcome:
    """The trailers for the commit being made; whatever stands in the way is said in a
    `Pretense-Unattested` trailer (the commit goes ahead: CI decides what it may merge)."""
    try:
        answer = ask(proxy_url(root), ATTEST_PATH, _request(root))
        trailers = _trailers(answer)
    except AttestationError as e:
        reason = str(e)
        return Outcome([Trailer(UNATTESTED, reason)], f"pretense: this commit is not attested: {reason}")
    return Outcome(trailers, str(answer.get("summary") or "Pretense attested this commit"))


def _request(root: Path) -> dict[str, object]:
    tree = git.write_tree(root)
    head = git.resolve(root, "HEAD")
    parent = head
    if head is not None and amending():
        parents = git.commit(root, head).parents
        parent = parents[0] if parents else None
    return {
        "root": str(root),
        "tree": tree,
        "parent": parent,
        "since": git.commit_time(root, parent) if parent else None,
    }


def post_commit(cwd: Path) -> str | None:
    """Tell the proxy the commit's id; a line to print if that failed (a stopped proxy is
    already said at commit-msg time: silence)."""
    root = git.top_level(cwd)
    commit = git.resolve(root, "HEAD")
    if commit is None:
        return None
    try:
        ask(proxy_url(root), COMMITS_PATH, {"root": str(root), "commit": commit})
    except Unreachable:
        return None
    except AttestationError as e:
        return f"pretense: the commit's id was not recorded in the audit trail: {e}"
    return None


def proxy_url(root: Path) -> str:
    return git.config(root, PROXY_SETTING) or DEFAULT_PROXY


def ask(proxy: str, path: str, document: Mapping[str, object]) -> dict[str, object]:
    """POST to the attestation endpoint through the proxy (plain HTTP, absolute-form: the
    proxy answers it itself)."""
    parts = urlsplit(proxy)
    if parts.scheme != "http" or not parts.hostname:
        raise AttestationError(f"{PROXY_SETTING} {proxy!r} is not an http://host:port proxy address")
    port = parts.port or 8080
    connection = http.client.HTTPConnection(parts.hostname, port, timeout=TIMEOUT)
    body = orjson.dumps(document)
    try:
        connection.request(
            "POST", f"http://{ENDPOINT}{path}", body, {"host": ENDPOINT, "content-type": "application/json"}
        )
        response = connection.getresponse()
        status, data = response.status, response.read()
    except (ConnectionRefusedError, socket.gaierror) as e:
        raise Unreachable(f"Pretense is not running at {proxy} ({e.strerror or e})") from e
    except (OSError, http.client.HTTPException) as e:
        raise Unreachable(f"no answer from Pretense at {proxy} ({e})") from e
    finally:
        connection.close()
    try:
        answer = orjson.loads(data)
    except orjson.JSONDecodeError:
        answer = None
    if not isinstance(answer, dict):
        raise AttestationError(f"{proxy} answered {status}, not as Pretense does (is it another proxy?)")
    if status != 200:
        raise AttestationError(f"Pretense refused ({status}): {answer.get('error', 'no reason given')}")
    return answer


def amending() -> bool:
    """Whether the commit being made is `git commit --amend`: git tells its hooks no such
    thing, so the git process's own command line (an ancestor of the hook) says. An amended
    commit's parent is the amended commit's, not HEAD."""
    pid = os.getppid()
    for _ in range(6):
        words = _command_line(pid)
        if words and os.path.basename(words[0]).startswith("git") and "commit" in words:
            return "--amend" in words
        pid = _parent_of(pid)
        if pid <= 1:
            break
    return False


def _trailers(answer: Mapping[str, object]) -> list[Trailer]:
    given = answer.get("trailers")
    if not isinstance(given, list):
        raise AttestationError("Pretense's answer holds no trailers")
    trailers = []
    for item in given:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)):
            raise AttestationError("Pretense's answer holds a trailer that is not [key, value]")
        if item[0] not in _GIVEN:
            raise AttestationError(f"Pretense's answer holds a trailer it does not give: {item[0]}")
        trailers.append(Trailer(item[0], item[1]))
    return trailers


def _command_line(pid: int) -> list[str]:
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.exists():
        try:
            return [w.decode(errors="replace") for w in proc.read_bytes().split(b"\0") if w]
        except OSError:
            return []
    return _ps(pid, "args=").split()


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            # The command name (field 2) is in parentheses and may hold spaces: split after it.
            return int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            return 0
    try:
        return int(_ps(pid, "ppid=").strip() or 0)
    except ValueError:
        return 0


def _ps(pid: int, field: str) -> str:
    try:
        return subprocess.run(
            ["ps", "-o", field, "-p", str(pid)], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return ""


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["commit-msg"] and len(arguments) == 2:
        try:
            sys.stderr.write(commit_msg(Path(arguments[1]), Path(".")) + "\n")
        except (AttestationError, OSError) as e:
            sys.stderr.write(f"pretense: {e}\n")
            return 1
        return 0
    if arguments == ["post-commit"]:
        try:
            said = post_commit(Path("."))
        except AttestationError as e:
            said = f"pretense: {e}"
        if said:
            sys.stderr.write(said + "\n")
        return 0  # a commit made is never undone by its post-commit hook
    sys.stderr.write("usage: python -m attestations.hook commit-msg FILE | post-commit\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
