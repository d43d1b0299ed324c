"""The `pretense scan` command (the gate itself is in scan/)."""

from __future__ import annotations

import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from detectors import known_names
from installation.home import SHIPPED_DEFAULT_POLICY, locate_home
from policy.errors import PolicyError
from policy.file import load_policy
from policy.model import Policy, Tier
from policy.worktree import files_under
from scan import reports
from scan import tree as core


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"


def scan_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the current folder).")
    ] = None,
    diff: Annotated[str | None, typer.Option(help="Only the lines added since this git revision.")] = None,
    fail_on: Annotated[
        Severity, typer.Option(help="Exit 1 when a finding is at least this severe.")
    ] = Severity.HIGH,
    fail_tier: Annotated[
        list[Tier] | None,
        typer.Option(help="Fail only for findings in files of this tier (repeatable; default: every tier)."),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text, json, sarif or markdown.")
    ] = Format.TEXT,
    policy: Annotated[Path | None, typer.Option(help="Policy file that classifies the files.")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Accepted findings (a file --update-baseline wrote).")
    ] = None,
    update_baseline: Annotated[
        Path | None, typer.Option(help="Write every finding to this baseline file (then review it).")
    ] = None,
    include_vendored: Annotated[
        bool, typer.Option(help="Also scan node_modules, vendor, .venv, ...")
    ] = False,
) -> None:
    """Scan code for secrets and client data with the proxy's detectors; classify each file by
    the policy; report file, line, type and severity, never the value. Exit 1 at --fail-on."""
    targets = paths or [Path(".")]
    root = Path(".").resolve()
    try:
        loaded = load_policy(policy or _default_policy(), known_names())
        accepted = reports.load_baseline(baseline) if baseline else frozenset()
        files = [f for t in targets for f in (files_under(t, include_vendored) if t.is_dir() else [t])]
        only = core.added_lines(root, diff) if diff else None
    except PolicyError as e:
        _fail(str(e))
    except (OSError, ValueError, KeyError) as e:
        _fail(f"cannot read the baseline or the tree ({e})")
    except subprocess.CalledProcessError as e:
        _fail(f"git diff {diff} failed: {(e.stderr or '').strip() or e}")
    result = _run(root, files, loaded, only, accepted)
    if update_baseline is not None:
        update_baseline.write_text(reports.baseline_document(result.hits), encoding="utf-8")
        typer.echo(
            f"wrote {len(result.hits)} findings to {update_baseline}: review each and fill its reason",
            err=True,
        )
        return
    render = {
        Format.TEXT: reports.as_text,
        Format.JSON: reports.as_json,
        Format.SARIF: reports.as_sarif,
        Format.MARKDOWN: reports.as_markdown,
    }[output_format]
    typer.echo(render(result))
    if result.at_least(fail_on.value, [t.value for t in fail_tier or []]):
        raise typer.Exit(1)


def _run(
    root: Path,
    files: list[Path],
    policy: Policy,
    only: dict[str, set[int]] | None,
    accepted: frozenset[tuple[str, str]],
) -> core.Result:
    quiet = not sys.stderr.isatty() or os.environ.get("CI") == "true"
    if quiet or len(files) < 200:
        return core.scan(root, files, policy, only_lines=only, baseline=accepted)
    with typer.progressbar(length=len(files), label="scanning", file=sys.stderr) as bar:
        return core.scan(
            root, files, policy, only_lines=only, baseline=accepted, progress=lambda: bar.update(1)
        )


def _default_policy() -> Path:
    path = locate_home().policy_file
    return path if path.exists() else Path(str(SHIPPED_DEFAULT_POLICY))


def _fail(message: str) -> typer.Exit:
    typer.echo(f"pretense: {message}", err=True)
    raise typer.Exit(2)
