"""`pretense approvals list|show|approve|deny`: the tool calls the proxy holds for an
approver, and the decisions on them. The approver is the user running the command (`sudo`
keeps the name of who ran it; `PRETENSE_USER` names it in a container)."""

from __future__ import annotations

import datetime
import getpass
import os
from typing import Annotated

import typer

from approvals.errors import ApprovalError
from approvals.store import HoldStore
from installation.home import locate_home
from policy.guardrails import describe_duration, parse_duration

approvals_app = typer.Typer(
    help="Tool calls held for approval: list them, show one, approve or deny it.", no_args_is_help=True
)


def approver() -> str:
    try:
        return os.environ.get("PRETENSE_USER") or os.environ.get("SUDO_USER") or getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _store() -> HoldStore:
    return HoldStore.at(locate_home().root)


def _fail(error: ApprovalError) -> typer.Exit:
    typer.echo(f"pretense: {error}", err=True)
    return typer.Exit(1)


@approvals_app.command("list")
def list_holds(
    every: Annotated[
        bool, typer.Option("--all", help="Also the calls already decided (a week's worth).")
    ] = False,
) -> None:
    """The calls waiting for a decision, newest first."""
    shown = [h for h in _store().holds() if every or h.pending]
    if not shown:
        typer.echo("no held calls" if every else "no call is waiting for approval")
        return
    for hold in shown:
        where = f" {hold.repository}" if hold.repository else ""
        typer.echo(
            f"{hold.id}  {hold.status:<9}  {_age(hold.created)}  {hold.user}{where}  {hold.tool}: "
            f"{_cut(hold.command)}  [{hold.rule}]"
        )


@approvals_app.command()
def show(hold_id: Annotated[str, typer.Argument(help="The held call's id.")]) -> None:
    """Everything known about one held call."""
    try:
        hold = _store().read(hold_id)
    except ApprovalError as e:
        raise _fail(e) from e
    lines = [
        ("id", hold.id),
        ("status", hold.status.replace("_", " ")),
        ("tool", hold.tool),
        ("command", hold.command),
        ("why", f"{hold.reason} ({hold.rule})"),
        ("requested by", hold.user),
        ("repository", hold.repository or "-"),
        ("provider", f"{hold.provider} ({hold.host})"),
        ("tier", hold.tier),
        ("held since", _when(hold.created)),
        ("refused at", _when(hold.deadline) if hold.pending else "-"),
        ("self-approval", "allowed" if hold.self_approval else "not allowed (separation of duties)"),
        ("held by", hold.instance),
    ]
    if not hold.pending:
        lines.append(("decided", f"{hold.decided_by or 'nobody'} at {_when(hold.decided_at or 0)}"))
    if hold.decision_reason:
        lines.append(("reason", hold.decision_reason))
    if hold.grant_seconds:
        lines.append(("granted for", describe_duration(hold.grant_seconds)))
    for name, value in lines:
        typer.echo(f"{name + ':':<15} {value}")


@approvals_app.command()
def approve(
    hold_id: Annotated[str, typer.Argument(help="The held call's id.")],
    grant: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="Also let the same command (same repository and user) through for this long: 15m, 2h.",
        ),
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, for the audit trail.")] = "",
) -> None:
    """Release a held call: the agent's stream goes on with the call as the model wrote it."""
    seconds = None
    if grant is not None:
        try:
            seconds = parse_duration(grant)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="--for") from e
    try:
        hold, granted = _store().decide(hold_id, True, approver(), reason, seconds)
    except ApprovalError as e:
        raise _fail(e) from e
    said = "approved" if hold.decided_by == approver() and hold.status == "approved" else "granted"
    typer.echo(f"{hold.id} {said}: {hold.tool} {_cut(hold.command)}")
    if granted is not None:
        typer.echo(f"the same command passes for {hold.user} until {_when(granted.expires)}")


@approvals_app.command()
def deny(
    hold_id: Annotated[str, typer.Argument(help="The held call's id.")],
    reason: Annotated[str, typer.Option(help="Why: the agent and the audit trail read it.")],
) -> None:
    """Refuse a held call: the agent gets an explanation with your reason instead."""
    try:
        hold, _ = _store().decide(hold_id, False, approver(), reason)
    except ApprovalError as e:
        raise _fail(e) from e
    typer.echo(f"{hold.id} denied: {hold.tool} {_cut(hold.command)}")


def _age(epoch: float) -> str:
    seconds = max(0, int(datetime.datetime.now().timestamp() - epoch))
    return f"{seconds // 60}m{seconds % 60:02d}s ago" if seconds < 3600 else f"{seconds // 3600}h ago"


def _when(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def _cut(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
