"""`pretense policy check|explain`: validate a policy file, and show the decision it makes
for a request and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from audit.files import records
from detectors import known_names
from installation.home import SHIPPED_DEFAULT_POLICY, ensure_home, locate_home
from policy import inventory
from policy.attribution import attribute
from policy.decision import decide
from policy.errors import PolicyError
from policy.file import load_policy
from policy.model import Decision, Policy, Tier
from providers.clients import UNKNOWN, ClientId

policy_app = typer.Typer(help="Check a policy file, or explain the decision it makes.", no_args_is_help=True)

PolicyOption = Annotated[
    Path | None, typer.Option("--policy", help="Policy file (default: policy.yaml in the Pretense home).")
]

_WHAT_EACH_TIER_DOES = {
    Tier.PUBLIC: "forwarded as is (metadata audited)",
    Tier.INTERNAL: "forwarded with secrets and client data replaced by placeholders",
    Tier.RESTRICTED: (
        "secrets and client data replaced, proprietary identifiers renamed; anything that "
        "cannot be read or rewritten is blocked"
    ),
    Tier.CONFIDENTIAL: "blocked: nothing is sent",
}


@policy_app.command()
def check(file: Annotated[Path, typer.Argument(help="The policy file to validate.")]) -> None:
    """Validate a policy file without starting anything: one line, exit 0 when it is valid."""
    policy = _load(file)
    typer.echo(
        f"{file}: valid (version {policy.version}, default tier {policy.default_tier}, "
        f"{len(policy.repositories)} repositories, {len(policy.exceptions)} exceptions, "
        f"sha256 {policy.digest[:12]})"
    )


@policy_app.command()
def explain(
    request: Annotated[
        Path | None, typer.Argument(help="A saved request body (JSON), as a tool sends it.")
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="The last request in the audit trail instead.")
    ] = False,
    repo: Annotated[str | None, typer.Option(help="As if sent by `pretense run --repo PATH`.")] = None,
    user: Annotated[str | None, typer.Option(help="The user sending it (default: you).")] = None,
    provider: Annotated[str, typer.Option(help="The provider it goes to.")] = "anthropic",
    host: Annotated[str, typer.Option(help="The host it goes to.")] = "api.anthropic.com",
    tool: Annotated[
        str, typer.Option(help="The AI tool sending it, as the policy's `tools` name it (claude-code, ...).")
    ] = UNKNOWN,
    policy: PolicyOption = None,
) -> None:
    """Print the tier a request gets, the rule that chose it, how it was attributed, and what
    happens to it: what a blocked developer reads to understand why and what to ask for."""
    if last:
        typer.echo(_last_decision())
        return
    if request is None:
        raise _fail("give a saved request, or --last for the last request in the audit trail")
    loaded = _load(policy or _default_policy())
    try:
        body = request.read_bytes()
    except OSError as e:
        raise _fail(f"cannot read {request} ({e.strerror})") from None
    attribution = attribute(loaded, tagged=repo, body=body, inventories=inventory.load(locate_home().root))
    model = ""
    try:
        document = json.loads(body)
        model = str(document.get("model", "")) if isinstance(document, dict) else ""
    except ValueError:
        pass
    import getpass

    decision = decide(
        loaded,
        attribution,
        files=attribution.files,
        user=user or getpass.getuser(),
        provider=provider,
        model=model,
        host=host,
        client=ClientId(tool),
    )
    typer.echo(describe(loaded, decision))


def index_command(
    path: Annotated[Path, typer.Argument(help="The repository's root directory.")],
    name: Annotated[
        str | None,
        typer.Option(
            help="The repository's name in the policy (default: the policy's match, else the folder name)."
        ),
    ] = None,
    policy: PolicyOption = None,
    seconds: Annotated[
        float, typer.Option(help="Stop reading the repository after this long (the inventory says so).")
    ] = inventory.Bounds.seconds,
) -> None:
    """Inventory the identifiers a repository defines, on this machine only: requests using
    them are attributed to it, and the restricted tier renames them wherever they occur.
    Run again, it reads only the files that changed."""
    root = path.expanduser().resolve()
    if not root.is_dir():
        raise _fail(f"{path} is not a directory")
    loaded = _load(policy or _default_policy())
    matched = loaded.repository_at(str(root))
    chosen = name or (matched[0].name if matched else root.name)
    home = locate_home()
    ensure_home(home)
    built, saved = inventory.reindex(home.root, root, chosen, inventory.Bounds(seconds=seconds))
    known = "" if loaded.repository(chosen) else " (not a repository of the policy: add it to give it a tier)"
    partly = "" if built.complete else " (stopped at its bounds: part of the repository)"
    typer.echo(f"indexed {len(built.names)} names of {chosen}{known} into {saved}{partly}")


def _last_decision() -> str:
    """The decision recorded for the last AI request in the audit trail."""
    last = None
    for record in records(locate_home().audit_trail):
        if record.get("type") == "request":
            last = record
    if last is None:
        raise _fail(f"no request in the audit trail ({locate_home().audit_trail})")
    lines = [
        f"request:     {last.get('ts')} {last.get('provider')} {last.get('path')} by {last.get('user')}",
        f"tier:        {last.get('tier')}",
        f"rule:        {last.get('rule') or '(not recorded)'}",
        f"repository:  {last.get('repository') or '(none: no source named one)'}",
        f"attributed:  by {last.get('attribution')}",
        f"decision:    {last.get('decision')}",
    ]
    if last.get("exception"):
        lines.append(f"exception:   {last['exception']}")
    if last.get("block_reason"):
        lines.append(f"BLOCKED:     {last['block_reason']}")
    return "\n".join(lines)


def describe(policy: Policy, decision: Decision) -> str:
    attribution = decision.attribution
    lines = [
        f"tier:        {decision.tier}",
        f"rule:        {decision.rule}",
        f"repository:  {decision.repository or '(none: no source named one)'}",
        f"attributed:  by {attribution.source}"
        + (f" ({attribution.evidence})" if attribution.evidence else ""),
        f"what happens: {_WHAT_EACH_TIER_DOES[decision.tier]}",
    ]
    rules = policy.rules(decision.tier)
    if decision.tier in (Tier.INTERNAL, Tier.RESTRICTED):
        secrets = rules.secrets
        lines.append(
            "secrets:     "
            + ("restored in answers" if secrets.restore else "not restored in answers")
            + (f"; blocked outright: {', '.join(sorted(secrets.block))}" if secrets.block else "")
            + (f"; passed as they are: {', '.join(sorted(secrets.allow))}" if secrets.allow else "")
        )
    if rules.providers_allow is not None:
        lines.append(f"providers:   only {', '.join(sorted(rules.providers_allow))}")
    if rules.providers_forbid:
        lines.append(f"forbidden:   {', '.join(sorted(rules.providers_forbid))}")
    if rules.hosts_allow is not None:
        lines.append(f"hosts:       only {', '.join(rules.hosts_allow)}")
    if rules.hosts_forbid:
        lines.append(f"forbidden:   hosts {', '.join(rules.hosts_forbid)}")
    if decision.tier is Tier.RESTRICTED:
        lines.append(
            "comments:    "
            + ("kept as written (only the always-renamed terms change)" if rules.keep_comments else "renamed")
        )
    if decision.blocked:
        lines.append(f"BLOCKED:     {decision.blocked}")
    return "\n".join(lines)


def _default_policy() -> Path:
    path = locate_home().policy_file
    return path if path.exists() else Path(str(SHIPPED_DEFAULT_POLICY))


def _load(path: Path) -> Policy:
    try:
        return load_policy(path, known_names())
    except PolicyError as e:
        raise _fail(str(e)) from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"pretense: {message}", err=True)
    return typer.Exit(1)
