"""`pretense hooks install`: the commit-msg and post-commit hooks in a repository, where git
looks for them (`core.hooksPath` respected), each running the hook that was there before it
first; in a repository whose hooks the pre-commit framework manages, nothing is written and
the entries to add to `.pre-commit-config.yaml` are given instead."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from attestations import git
from attestations.errors import AttestationError
from attestations.hook import PROXY_SETTING

MARKER = "pretense-hook v1"
HOOKS = ("commit-msg", "post-commit")
PREVIOUS = ".pre-pretense"
"""The suffix a hook that was there before gets; ours runs it first."""
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
PRE_COMMIT_IDS = ("pretense-attest", "pretense-commit-record")


@dataclass(frozen=True, slots=True)
class Installed:
    written: tuple[Path, ...]
    kept: tuple[Path, ...]
    """Hooks that were there before, moved aside and run first by ours."""
    managed: str | None = None
    """When pre-commit manages the hooks: what to add to its configuration, or None."""
    configured: bool = False
    """pre-commit manages the hooks and its configuration already has ours."""


def install(repo: Path, proxy: str, python: Path) -> Installed:
    """`python`: the interpreter Pretense is installed in (the hooks run its `attestations.hook`)."""
    root = git.top_level(repo)
    git.run(root, "config", "--local", PROXY_SETTING, proxy)
    config = root / PRE_COMMIT_CONFIG
    if config.is_file():
        text = config.read_text(encoding="utf-8", errors="replace")
        configured = all(hook_id in text for hook_id in PRE_COMMIT_IDS)
        return Installed((), (), pre_commit_entries(python), configured)
    hooks = Path(git.run(root, "rev-parse", "--git-path", "hooks").strip())
    hooks = hooks if hooks.is_absolute() else root / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for name in HOOKS:
        path = hooks / name
        if path.exists() and MARKER not in path.read_text(encoding="utf-8", errors="replace"):
            previous = path.with_name(name + PREVIOUS)
            if previous.exists():
                raise AttestationError(
                    f"{path} is not Pretense's and {previous} exists too: merge them by hand, "
                    "then install again"
                )
            path.rename(previous)
            kept.append(previous)
        path.write_text(hook_script(name, python))
        path.chmod(0o755)
        written.append(path)
    return Installed(tuple(written), tuple(kept))


def hook_script(name: str, python: Path) -> str:
    # -P: the repository's own files never shadow the hook's modules.
    run = f'{shlex.quote(str(python))} -P -m attestations.hook {name} "$@"'
    # A commit is never stopped after the fact: post-commit's failures are only reported.
    last = f"{run} || true" if name == "post-commit" else f"exec {run}"
    return (
        "#!/bin/sh\n"
        f"# {MARKER}: installed by `pretense hooks install`; asks the local Pretense to attest commits.\n"
        f"# A {name} hook that was here before is kept as {name}{PREVIOUS} and runs first.\n"
        f'previous="$(dirname "$0")/{name}{PREVIOUS}"\n'
        'if [ -x "$previous" ]; then "$previous" "$@" || exit $?; fi\n'
        f"{last}\n"
    )


def pre_commit_entries(python: Path) -> str:
    """The local hooks to add to `.pre-commit-config.yaml` (then `pre-commit install
    --hook-type commit-msg --hook-type post-commit`)."""
    entry = f"{shlex.quote(str(python))} -P -m attestations.hook"
    return (
        "  - repo: local\n"
        "    hooks:\n"
        f"      - {{id: {PRE_COMMIT_IDS[0]}, name: Pretense attestation, entry: {entry} commit-msg,\n"
        "         language: system, stages: [commit-msg], always_run: true}\n"
        f"      - {{id: {PRE_COMMIT_IDS[1]}, name: Pretense commit record,\n"
        f"         entry: {entry} post-commit,\n"
        "         language: system, stages: [post-commit], always_run: true, pass_filenames: false}\n"
    )
