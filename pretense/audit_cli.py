"""`pretense audit verify|search|show|export` and `pretense report`: the auditor's side of
the trail."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import orjson
import typer

from audit.capture import BlobStore
from audit.export import as_csv, as_json_lines
from audit.files import records
from audit.keys import load_public_key, public_key_file
from audit.record import REQUEST, Record
from audit.report import build_report, render
from audit.search import (
    Filter,
    Sighting,
    find_identifiers,
    find_in_captured,
    find_secrets,
    parse_moment,
    select,
)
from audit.verify import Anchor, verify_trail
from installation.fingerprints import fingerprint_key
from installation.home import load_key, locate_home

audit_app = typer.Typer(
    help="Verify, search and export the audit trail.", no_args_is_help=True, add_completion=False
)

Trail = Annotated[
    Path | None, typer.Option("--trail", help="Trail folder (default: audit-trail/ in the Pretense home).")
]
Since = Annotated[str | None, typer.Option(help="From this date or ISO time (UTC unless it says).")]
Until = Annotated[str | None, typer.Option(help="Before this date or ISO time.")]
User = Annotated[str | None, typer.Option(help="Only this user.")]
Repo = Annotated[str | None, typer.Option("--repo", help="Only this repository.")]


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _trail(trail: Path | None) -> Path:
    return trail or locate_home().audit_trail


def _filter(since: str | None, until: str | None, user: str | None, repo: str | None) -> Filter:
    try:
        return Filter(
            since=parse_moment(since) if since else None,
            until=_until(until) if until else None,
            user=user,
            repository=repo,
        )
    except ValueError as e:
        raise typer.BadParameter(f"{e} (use 2025-01-31 or 2025-01-31T09:00:00Z)") from e


def _until(text: str) -> datetime.datetime:
    """A bare date means up to the end of that day."""
    moment = parse_moment(text)
    return moment + datetime.timedelta(days=1) if len(text) == 10 else moment


def _selected(trail: Path | None, where: Filter) -> Iterator[Record]:
    return select(records(_trail(trail)), where)


@audit_app.command()
def verify(
    trail: Trail = None,
    public_key: Annotated[
        Path | None,
        typer.Option(help="The trusted public key (default: audit-signing.pub in the Pretense home)."),
    ] = None,
    anchor: Annotated[
        list[str] | None,
        typer.Option(help="A checkpoint's SEQ:HASH as the SIEM received it; the trail must hold it."),
    ] = None,
) -> None:
    """Prove the trail complete and unaltered, or say where and how it was altered.

    Exit status: 0 intact and closed by a final signed checkpoint; 1 altered; 2 intact but
    its last records are not yet covered by a signed checkpoint (proxy running, crashed, or
    tail cut)."""
    key = load_public_key(public_key or public_key_file(locate_home()))
    try:
        anchors = [Anchor.parse(text) for text in anchor or ()]
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    verdict = verify_trail(_trail(trail), key, anchors)
    for problem in verdict.problems:
        typer.echo(f"ALTERED {problem}")
    for notice in verdict.notices:
        typer.echo(f"note: {notice}")
    checkpoint = verdict.last_checkpoint or "none"
    summary = (
        f"{verdict.records} records in {verdict.files} files, last record {verdict.last_seq}, "
        f"last signed checkpoint {checkpoint}"
    )
    if not verdict.intact:
        typer.echo(f"FAILED: {len(verdict.problems)} problems; {summary}")
        raise typer.Exit(1)
    if not verdict.closed:
        typer.echo(f"INTACT UP TO CHECKPOINT {checkpoint}, TAIL UNSIGNED: {summary}")
        raise typer.Exit(2)
    typer.echo(f"OK: {summary}, closed")


@audit_app.command()
def search(
    identifier: Annotated[
        list[str] | None, typer.Option(help="An identifier name (repeatable): was it sent, and mutated?")
    ] = None,
    secret_file: Annotated[
        Path | None, typer.Option(help="A file with one secret value per line: was any ever sent?")
    ] = None,
    trail: Trail = None,
    since: Since = None,
    until: Until = None,
    user: User = None,
    repo: Repo = None,
) -> None:
    """Was this identifier or secret ever sent, when, by whom, and what was done to it.

    The trail holds only keyed HMACs: searching needs this installation's key."""
    if not identifier and not secret_file:
        raise typer.BadParameter("give --identifier NAME or --secret-file FILE")
    audit_key = fingerprint_key(load_key(locate_home()))
    where = _filter(since, until, user, repo)
    values = _secret_lines(secret_file) if secret_file else []
    sightings: list[Sighting] = []
    if identifier:
        sightings += find_identifiers(_selected(trail, where), audit_key, identifier)
    if values:
        sightings += find_secrets(_selected(trail, where), audit_key, values)
    wanted = {name: name for name in identifier or ()} | {v: f"value #{n}" for n, v in enumerate(values, 1)}
    sightings += find_in_captured(_selected(trail, where), BlobStore(_trail(trail) / "blobs"), wanted)
    for sighting in sorted(sightings, key=lambda s: int(s.record.get("seq", 0))):
        typer.echo(sighting.describe())
    asked = [*(identifier or ()), *(f"value #{n}" for n in range(1, len(values) + 1))]
    found = {s.what.split(" (")[0] for s in sightings}
    for name in asked:
        if name not in found:
            typer.echo(f"{name}: never seen in a request the trail recorded")


def _secret_lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text().splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as e:
        raise typer.BadParameter(f"cannot read {path} ({e})") from e


@audit_app.command()
def show(
    trail: Trail = None,
    since: Since = None,
    until: Until = None,
    user: User = None,
    repo: Repo = None,
    seq: Annotated[int | None, typer.Option(help="Only this record, in full.")] = None,
    sent: Annotated[
        bool, typer.Option("--sent", help="With --seq: print the body that was sent (if captured).")
    ] = False,
) -> None:
    """The records, one line each (or one record in full with --seq)."""
    selected = _selected(trail, _filter(since, until, user, repo))
    if seq is not None:
        record = next((r for r in selected if r.get("seq") == seq), None)
        if record is None:
            raise typer.BadParameter(f"no record {seq} in the trail")
        if sent:
            if not record.get("sent_blocks"):
                raise typer.BadParameter(f"record {seq} has no captured body (pretense_audit_capture)")
            sys.stdout.buffer.write(BlobStore(_trail(trail) / "blobs").load(list(record["sent_blocks"])))
            return
        typer.echo(orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())
        return
    for record in selected:
        typer.echo(_one_line(record))


def _one_line(record: Record) -> str:
    head = f"{record.get('seq'):>7} {record.get('ts')} {record.get('type'):<10}"
    if record.get("type") != REQUEST:
        rest = {k: v for k, v in record.items() if k not in ("seq", "ts", "type", "v", "prev", "hash", "sig")}
        return f"{head} {orjson.dumps(rest, option=orjson.OPT_SORT_KEYS).decode()}"
    detections = ",".join(f"{k}:{v}" for k, v in (record.get("detections") or {}).items()) or "-"
    return (
        f"{head} {record.get('user')} {record.get('provider')} {record.get('model') or '-'} "
        f"tier={record.get('tier')} repo={record.get('repository') or '-'} {record.get('decision')} "
        f"ids={record.get('identifiers_mutated')} found={detections} sent={record.get('sent_bytes')}B "
        f"status={record.get('status')}"
    )


@audit_app.command()
def export(
    trail: Trail = None,
    since: Since = None,
    until: Until = None,
    user: User = None,
    repo: Repo = None,
    format: Annotated[
        ExportFormat, typer.Option("--format", help="json (lines) or csv.")
    ] = ExportFormat.JSON,
    output: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
) -> None:
    """The records, as JSON lines or CSV."""
    selected = _selected(trail, _filter(since, until, user, repo))
    chunks = as_csv(selected) if format is ExportFormat.CSV else as_json_lines(selected)
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with output.open("w", newline="") as out:
        out.writelines(chunks)


def report(
    trail: Trail = None,
    since: Since = None,
    until: Until = None,
    user: User = None,
    repo: Repo = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.TEXT,
) -> None:
    """Calls per developer per day, tokens, detections, blocks, exceptions and anomalies."""
    built = build_report(_selected(trail, _filter(since, until, user, repo)))
    if format is ReportFormat.JSON:
        typer.echo(orjson.dumps(built.as_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        typer.echo(render(built), nl=False)
