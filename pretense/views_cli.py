"""`pretense inventory`, `incident`, `evidence [verify]` and `dashboard`: the trail as the
CISO, the auditor and the incident responder read it."""

from __future__ import annotations

import datetime
import hashlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import orjson
import typer
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from approvals.store import HoldStore
from audit.anchors import read_anchors
from audit.errors import AuditError
from audit.keys import check_pinned, load_public_key, load_signing_key
from detectors import default_scanner
from gateway.admission import Admission
from gateway.directory import Directory, DirectoryFile, directory_folder
from installation.errors import PretenseError
from installation.fingerprints import fingerprint_key
from installation.home import Home, load_key, locate_home
from oversight import incident as incidents
from oversight import inventory as inventories
from oversight.dashboard import DashboardSetup, dashboard_app, loopback_hosts
from oversight.evidence import DECISIONS, TrailCheck, build_evidence
from oversight.pack import html_to_pdf, verify_pack, write_pack
from oversight.period import Period, parse_period
from oversight.render import templates
from oversight.signin import Passwords, PolicyApprovers, SignIn
from oversight.trails import Trails
from pretense.approvals_cli import approver
from pretense.environment import is_loopback

TrailsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--trail",
        help="A trail folder (default: audit-trail/ in the Pretense home); repeat for several "
        "(a gateway's instances).",
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="From: 2026-01-31, an ISO time, or 90d, 12h.")
]
UntilOption = Annotated[str | None, typer.Option("--until", help="Until (a bare date includes that day).")]
PublicKeyOption = Annotated[
    Path | None, typer.Option(help="The audit public key (default: audit-signing.pub in the Pretense home).")
]
PinnedOption = Annotated[
    Path | None,
    typer.Option(help="Pinned key fingerprints (default: audit-pinned-keys in the Pretense home)."),
]


class InventoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class IncidentFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"


def _trails(given: list[Path] | None, home: Home) -> Trails:
    return Trails.of(given or [home.audit_trail])


def _period(since: str | None, until: str | None) -> Period:
    try:
        return parse_period(since, until)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


def inventory_command(
    trail: TrailsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: Annotated[
        InventoryFormat, typer.Option("--format", help="text, json or csv.")
    ] = InventoryFormat.TEXT,
) -> None:
    """Every AI tool seen: versions, users, repositories, providers, hosts, models, first and
    last seen, inspected or not, what the policy did, approved or not."""
    period = _period(since, until)
    found = inventories.build_inventory(
        r for r in _trails(trail, locate_home()).records() if period.admits(r)
    )
    if format is InventoryFormat.JSON:
        sys.stdout.write(inventories.as_json(found))
    elif format is InventoryFormat.CSV:
        sys.stdout.writelines(inventories.as_csv(found))
    else:
        sys.stdout.write(inventories.render(found))


def incident_command(
    since: Annotated[str, typer.Option("--since", help="From: 2026-01-31, an ISO time, or 7d, 12h.")],
    until: Annotated[str, typer.Option("--until", help="Until (a bare date includes that day; 0h: now).")],
    user: Annotated[str | None, typer.Option(help="Only this user.")] = None,
    repo: Annotated[str | None, typer.Option("--repo", help="Only this repository.")] = None,
    secret_file: Annotated[
        Path | None, typer.Option(help="A file with one secret value per line: where did each go?")
    ] = None,
    identifier: Annotated[
        list[str] | None,
        typer.Option(help="An identifier name (repeatable): renamed or sent in clear, where?"),
    ] = None,
    file: Annotated[
        list[Path] | None, typer.Option("--file", help="A file path as the tool named it (repeatable).")
    ] = None,
    trail: TrailsOption = None,
    format: Annotated[
        IncidentFormat, typer.Option("--format", help="markdown or json (for the ticket).")
    ] = IncidentFormat.MARKDOWN,
) -> None:
    """What was sent in a period, by file, identifier and kind of secret; which secrets left in
    clear and must be rotated; the timeline. The trail holds HMACs: this installation's key
    matches the names given."""
    home = locate_home()
    period = _period(since, until)
    trails = _trails(trail, home)
    asked = incidents.Asked(
        files=[str(path) for path in file or ()],
        identifiers=list(identifier or ()),
        values=_values(secret_file) if secret_file else [],
    )
    found = incidents.build_incident(
        trails.records(),
        fingerprint_key(load_key(home)),
        period,
        asked,
        user=user,
        repository=repo,
        captured=trails.blob_stores(),
        scanner=default_scanner(),
    )
    sys.stdout.write(
        incidents.as_json(found) if format is IncidentFormat.JSON else incidents.render_markdown(found)
    )


def _values(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text().splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as e:
        raise typer.BadParameter(f"cannot read {path} ({e})", param_hint="--secret-file") from e


evidence_app = typer.Typer(
    help="An auditor's evidence pack for a period (HTML, PDF, signed manifest); `verify DIR` checks one.",
    invoke_without_command=True,
    add_completion=False,
)


@evidence_app.callback()
def evidence(
    context: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="The folder to write the pack to (new or empty).")
    ] = None,
    trail: TrailsOption = None,
    anchors: Annotated[
        list[Path] | None,
        typer.Option(help="Anchors kept off the host (as `audit verify --anchors`); repeatable."),
    ] = None,
    public_key: PublicKeyOption = None,
    pinned_keys: PinnedOption = None,
) -> None:
    """Write the evidence pack: the trail's verification against its anchors, the policies in
    force and their changes, coverage, exceptions, approvals, detections, the inventory and
    the anomalies, as evidence.html and evidence.pdf, with manifest.json signed by the audit key."""
    if context.invoked_subcommand is not None:
        return
    if out is None:
        raise typer.BadParameter("give --out DIR (and --since, --until for the period)", param_hint="--out")
    home = locate_home()
    period = _period(since, until)
    trails = _trails(trail, home)
    try:
        public = _pinned_public_key(home, public_key, pinned_keys)
        given = read_anchors(anchors or ())
        signing_key = load_signing_key(home)
    except (AuditError, ValueError) as e:
        raise typer.BadParameter(str(e)) from e
    checks = [TrailCheck.of(folder, verdict) for folder, verdict in trails.verify(public, given)]
    now = datetime.datetime.now(datetime.UTC)
    found = build_evidence(trails.records(), period, checks, now)
    attachments = _policy_files(found.policies)
    found.attachments = {digest: name for digest, (name, _) in attachments.items()}
    html = templates().get_template("evidence.html").render(e=found, decisions=DECISIONS)
    files = {
        "evidence.html": html.encode(),
        "evidence.pdf": html_to_pdf(html),
        "evidence.json": orjson.dumps(found.as_dict(), option=orjson.OPT_INDENT_2) + b"\n",
    }
    files |= dict(attachments.values())
    about = {
        "period": {"since": _iso(period.since), "until": _iso(period.until)},
        "generated": now.isoformat(),
        "trails": [str(folder) for folder in trails.folders],
        "trail_verified": found.verified,
    }
    try:
        manifest = write_pack(out, files, about, signing_key)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--out") from e
    for name in files:
        typer.echo(str(out / name))
    typer.echo(str(manifest))
    if not found.verified:
        typer.echo("note: the trail did not verify as closed and complete; the pack says how", err=True)


@evidence_app.command("verify")
def evidence_verify(
    folder: Annotated[Path, typer.Argument(help="The evidence pack's folder.")],
    public_key: PublicKeyOption = None,
    pinned_keys: PinnedOption = None,
) -> None:
    """Check an evidence pack: the manifest signed by the pinned audit key, every file as
    signed, none added. Exit 0 intact, 1 altered, 4 nothing could be checked."""
    home = locate_home()
    try:
        public = _pinned_public_key(home, public_key, pinned_keys)
    except AuditError as e:
        typer.echo(f"CANNOT VERIFY: {e}")
        raise typer.Exit(4) from e
    check = verify_pack(folder, public)
    for problem in check.problems:
        typer.echo(f"ALTERED {problem}")
    if not check.intact:
        typer.echo(f"FAILED: {len(check.problems)} problems in {folder}")
        raise typer.Exit(1)
    period = check.manifest.get("period") or {}
    typer.echo(
        f"OK: {check.files} files as signed by key {check.manifest.get('key_id')}, "
        f"period {period.get('since') or '-'} to {period.get('until') or '-'}"
    )


def _pinned_public_key(home: Home, given: Path | None, pins: Path | None) -> Ed25519PublicKey:
    key_file = given or home.public_key_file
    key = load_public_key(key_file)
    check_pinned(key, key_file, pins or home.pinned_keys_file)
    return key


def _policy_files(policies: list[dict[str, object]]) -> dict[str, tuple[str, bytes]]:
    """The policy files the trail names that still hold what was in force (same SHA-256)."""
    found: dict[str, tuple[str, bytes]] = {}
    for load in policies:
        digest, source = str(load.get("sha256")), str(load.get("source"))
        try:
            content = Path(source).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(content).hexdigest() == digest:
            found[digest] = (f"policy-{digest[:12]}.yaml", content)
    return found


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def dashboard_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8770,
    trail: TrailsOption = None,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="No approve or deny buttons (`pretense approvals` still works)."),
    ] = False,
    htpasswd: Annotated[
        Path | None,
        typer.Option(
            "--htpasswd",
            help="Sign every user in (HTTP Basic) against this htpasswd file, the gateway's "
            "`--proxyauth @FILE`: the policy's approvers decide as themselves, others read.",
        ),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(help="With --htpasswd: the policy naming the approvers (default: the Pretense home's)."),
    ] = None,
) -> None:
    """A local web page over the trail: charts, the AI tool inventory, the trail's verification,
    the incident search, and held tool calls with approve and deny buttons."""
    home = locate_home()
    loopback = is_loopback(host)
    sign_in = _sign_in(htpasswd, policy or home.policy_file, home) if htpasswd is not None else None
    if not loopback:
        typer.echo(_exposed_warning(host, sign_in is not None), err=True)
    setup = DashboardSetup(
        trails=_trails(trail, home),
        holds=HoldStore.at(home.root),
        approver=approver(),
        approvals_enabled=(loopback or sign_in is not None) and not read_only,
        public_key=lambda: _pinned_public_key(home, None, None),
        audit_key=lambda: fingerprint_key(load_key(home)),
        scanner=default_scanner(),
        hosts=loopback_hosts(host, port),
        sign_in=sign_in,
    )
    typer.echo(f"Pretense dashboard on http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    uvicorn.run(dashboard_app(setup), host=host, port=port, log_level="warning")


def _sign_in(htpasswd: Path, policy: Path, home: Home) -> SignIn:
    """The users of the htpasswd file, and who of them may decide held calls: the policy's
    approvers, with the groups the provisioned directory lists them in, as the gateway reads them."""
    directory = Admission(directory=Directory(DirectoryFile(directory_folder(home.root))))
    try:
        return SignIn(Passwords.read(htpasswd), PolicyApprovers(policy, directory.groups_of))
    except PretenseError as e:
        typer.echo(f"pretense: {e}", err=True)
        raise typer.Exit(2) from None


def _exposed_warning(host: str, signed_in: bool) -> str:
    if signed_in:
        return (
            f"WARNING: the dashboard on {host} serves plain HTTP: its Basic credentials travel in clear "
            "unless TLS is terminated in front of it (HAProxy `mode http` with `bind ... ssl`, as "
            "docs/gateway.md shows for the admin port)."
        )
    return (
        f"WARNING: the dashboard on {host} has no sign-in: anyone who can reach it reads the trail's "
        "summaries. It is read-only there; approve with `pretense approvals`, or sign in with --htpasswd."
    )
