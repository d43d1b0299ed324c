"""`pretense audit verify|search|show|export` and `pretense report`: the auditor's side of
the trail."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import orjson
import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.anchors import Anchor, read_anchors
from audit.capture import BlobStore
from audit.errors import AuditError, KeyNotPinned
from audit.export import as_csv, as_json_lines
from audit.files import fleet_records, records, trail_folders
from audit.keys import check_pinned, load_public_key
from audit.record import REQUEST, Record
from audit.report import build_report, render
from audit.search import (
    Filter,
    Sighting,
    find_bodies,
    find_identifiers,
    find_in_captured,
    find_secrets,
    parse_moment,
    select,
)
from audit.verify import Outcome, conclusion, verify_trail
from installation.fingerprints import fingerprint_key
from installation.home import load_key, locate_home
from siem.lake import LakeSource, write_lake
from siem.ocsf import ocsf_events, ocsf_text

audit_app = typer.Typer(
    help="Verify, search and export the audit trail.", no_args_is_help=True, add_completion=False
)

Trail = Annotated[
    list[Path] | None,
    typer.Option(
        "--trail",
        help="A trail folder, or a folder of trails (a fleet's: one per instance); repeatable. "
        "Default: audit-trail/ in the Pretense home, with the instances' trails in it.",
    ),
]
Since = Annotated[str | None, typer.Option(help="From this date or ISO time (UTC unless it says).")]
Until = Annotated[str | None, typer.Option(help="Before this date or ISO time.")]
User = Annotated[str | None, typer.Option(help="Only this user.")]
Repo = Annotated[str | None, typer.Option("--repo", help="Only this repository.")]


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    OCSF = "ocsf"
    PARQUET = "parquet"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _trails(trail: list[Path] | None) -> list[Path]:
    """The trails asked about: each given folder that is a trail, and the trails in it."""
    given = trail or [locate_home().audit_trail]
    return trail_folders(given) or given[:1]


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


def _selected(trail: list[Path] | None, where: Filter) -> Iterator[Record]:
    return select(fleet_records(_trails(trail)), where)


@audit_app.command()
def verify(
    trail: Trail = None,
    anchors: Annotated[
        list[Path] | None,
        typer.Option(
            help="Anchors kept off the host: the anchor file or folder (pretense_audit_anchors), or a "
            "SIEM export of the checkpoint events (CEF, LEEF or OCSF lines). Repeatable."
        ),
    ] = None,
    anchor: Annotated[
        list[str] | None,
        typer.Option(help="A checkpoint's SEQ:HASH, given by hand; the trail must hold it."),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(help="The public key (default: audit-signing.pub in the Pretense home)."),
    ] = None,
    pinned_keys: Annotated[
        Path | None,
        typer.Option(help="The pinned key fingerprints (default: audit-pinned-keys in the Pretense home)."),
    ] = None,
) -> None:
    """Prove the trail unaltered, and complete up to the latest anchor; or say where it was
    altered and which records are missing.

    Exit status: 0 unaltered and closed by a clean stop (and holding every anchor); 1 altered,
    or signed by a key that is not pinned; 2 unaltered but not closed: the proxy is running or
    crashed (with anchors: nothing they name is missing; without, a cut tail looks the same);
    3 cut: records the anchors prove were written are missing; 4 nothing could be checked (no
    pinned key, unreadable anchors)."""
    home = locate_home()
    key_file = public_key or home.public_key_file
    try:
        key = load_public_key(key_file)
        check_pinned(key, key_file, pinned_keys or home.pinned_keys_file)
        given = [Anchor.parse(text) for text in anchor or ()] + read_anchors(anchors or ())
    except KeyNotPinned as e:
        typer.echo(f"ALTERED {e}")
        raise typer.Exit(Outcome.ALTERED) from e
    except (AuditError, ValueError) as e:
        typer.echo(f"CANNOT VERIFY: {e}")
        raise typer.Exit(Outcome.UNVERIFIABLE) from e
    folders = _trails(trail)
    outcomes = [_verify_one(folder, key, given, len(folders) > 1) for folder in folders]
    if len(folders) > 1:
        worst = max(outcomes, key=SEVERITY.index)
        verified = sum(o is Outcome.VERIFIED for o in outcomes)
        typer.echo(f"fleet: {len(folders)} trails, {verified} OK; the worst: {worst.name}")
        raise typer.Exit(worst)
    raise typer.Exit(outcomes[0])


SEVERITY = (Outcome.VERIFIED, Outcome.UNSIGNED_TAIL, Outcome.UNVERIFIABLE, Outcome.CUT, Outcome.ALTERED)
"""The fleet's outcome is its worst trail's."""


def _verify_one(folder: Path, key: Ed25519PublicKey, anchors: list[Anchor], fleet: bool) -> Outcome:
    """Verify one trail and print what was found (each line prefixed with the trail in a fleet)."""
    prefix = f"{folder.name}: " if fleet else ""
    mine = anchors
    if fleet and anchors:
        # A fleet's anchors are told apart by the instance their checkpoint names.
        mine = [
            a for a in anchors if a.checkpoint is not None and a.checkpoint.get("instance") == folder.name
        ]
        if any(a.checkpoint is None for a in anchors):
            typer.echo(f"{prefix}note: anchors that name no instance (SIEM events, --anchor) are used "
                       "only when one trail is verified: give --trail")  # fmt: skip
    verdict = verify_trail(folder, key, mine)
    problems = [str(p) for p in verdict.problems] + _foreign_records(folder)
    for problem in problems:
        typer.echo(f"{prefix}ALTERED {problem}")
    if verdict.missing is not None:
        typer.echo(f"{prefix}MISSING {verdict.missing}")
    for notice in verdict.notices:
        typer.echo(f"{prefix}note: {notice}")
    typer.echo(prefix + conclusion(verdict))
    return Outcome.ALTERED if problems else verdict.outcome


def _foreign_records(folder: Path) -> list[str]:
    """Records of another instance in a trail: trails mixed up, or a record moved between them."""
    names = {str(r["instance"]) for r in records(folder) if "instance" in r}
    if len(names) <= 1:
        return []
    return [f"{folder}: records of several instances in one trail ({', '.join(sorted(names))})"]


@audit_app.command()
def search(
    identifier: Annotated[
        list[str] | None, typer.Option(help="An identifier name (repeatable): was it sent, and mutated?")
    ] = None,
    secret_file: Annotated[
        Path | None, typer.Option(help="A file with one secret value per line: was any ever sent?")
    ] = None,
    body: Annotated[
        list[Path] | None,
        typer.Option(
            help="A file holding exactly a body sent or an answer received: which exchange? (repeatable)"
        ),
    ] = None,
    trail: Trail = None,
    since: Since = None,
    until: Until = None,
    user: User = None,
    repo: Repo = None,
) -> None:
    """Was this identifier or secret ever sent, when, by whom, and what was done to it; which
    exchange sent this body, or answered with it.

    The trail holds only keyed HMACs: searching needs this installation's key."""
    if not identifier and not secret_file and not body:
        raise typer.BadParameter("give --identifier NAME, --secret-file FILE or --body FILE")
    audit_key = fingerprint_key(load_key(locate_home()))
    where = _filter(since, until, user, repo)
    values = _secret_lines(secret_file) if secret_file else []
    sightings: list[Sighting] = []
    if identifier:
        sightings += find_identifiers(_selected(trail, where), audit_key, identifier)
    if values:
        sightings += find_secrets(_selected(trail, where), audit_key, values)
    bodies = {str(path): _read(path) for path in body or ()}
    if bodies:
        sightings += find_bodies(_selected(trail, where), audit_key, bodies)
    wanted = {name: name for name in identifier or ()} | {v: f"value #{n}" for n, v in enumerate(values, 1)}
    for folder in _trails(trail):
        sightings += find_in_captured(select(records(folder), where), BlobStore(folder / "blobs"), wanted)
    for sighting in sorted(sightings, key=lambda s: (str(s.record.get("ts")), int(s.record.get("seq", 0)))):
        typer.echo(sighting.describe())
    asked = [*(identifier or ()), *(f"value #{n}" for n in range(1, len(values) + 1)), *bodies]
    found = {s.what.split(" (")[0] for s in sightings}
    for name in asked:
        if name not in found:
            typer.echo(f"{name}: never seen in a request the trail recorded")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise typer.BadParameter(f"cannot read {path} ({e.strerror})") from e


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
        folders = _trails(trail)
        if len(folders) > 1:
            raise typer.BadParameter(f"--seq names a record of one trail: give --trail, one of {folders}")
        record = next((r for r in selected if r.get("seq") == seq), None)
        if record is None:
            raise typer.BadParameter(f"no record {seq} in the trail")
        if sent:
            if not record.get("sent_blocks"):
                raise typer.BadParameter(f"record {seq} has no captured body (pretense_audit_capture)")
            sys.stdout.buffer.write(BlobStore(folders[0] / "blobs").load(list(record["sent_blocks"])))
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
        ExportFormat,
        typer.Option(
            "--format",
            help="json (the records, one a line), csv, ocsf (OCSF 1.8 events, one a line), or parquet "
            "(OCSF for AWS Security Lake custom sources: give --output FOLDER, --region, --account-id).",
        ),
    ] = ExportFormat.JSON,
    output: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
    region: Annotated[str | None, typer.Option(help="parquet: the Security Lake's region.")] = None,
    account_id: Annotated[
        str | None, typer.Option(help="parquet: the account (or external) id of the custom sources.")
    ] = None,
    source_prefix: Annotated[
        str, typer.Option(help="parquet: custom sources are named PREFIX-api-activity and so on.")
    ] = "pretense",
) -> None:
    """The records, as JSON lines, CSV or OCSF events (lines, or Parquet for Security Lake)."""
    selected = _selected(trail, _filter(since, until, user, repo))
    if format is ExportFormat.PARQUET:
        if output is None or region is None or account_id is None:
            raise typer.BadParameter("--format parquet needs --output FOLDER, --region and --account-id")
        try:
            source = LakeSource(region, account_id, source_prefix)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from e
        for path in write_lake(selected, source, output):
            typer.echo(str(path))
        return
    chunks = {
        ExportFormat.CSV: as_csv,
        ExportFormat.OCSF: _ocsf_lines,
        ExportFormat.JSON: as_json_lines,
    }[format](selected)
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with output.open("w", newline="") as out:
        out.writelines(chunks)


def _ocsf_lines(selected: Iterable[Record]) -> Iterator[str]:
    for record in selected:
        for event, _, _ in ocsf_events(record):
            yield ocsf_text(event) + "\n"


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
