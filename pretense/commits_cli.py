"""`pretense verify-commits` (the CI gate) and `pretense provenance` (what a commit's
attestation says, per file)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from attestations import git
from attestations import reports as commit_reports
from attestations.commits import facts_of, verify_range
from attestations.compact import decode
from attestations.dsse import verified_by
from attestations.errors import AttestationError
from attestations.keys import trusted_keys
from attestations.predicate import Claim, claim_of
from attestations.reviews import approvals, read_pages
from attestations.statement import parse_statement
from attestations.trailers import ATTESTATION, UNATTESTED, values
from attestations.verify import CommitFacts, Status, attests, short_of_reviews
from detectors import known_names
from installation.errors import PretenseError
from installation.home import SHIPPED_DEFAULT_POLICY, locate_home
from policy.file import load_policy


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"


Keys = Annotated[
    Path,
    typer.Option(
        help="Folder of the trusted audit keys (each machine's audit-signing.pub), or one key file."
    ),
]


def verify_commits_command(
    commits: Annotated[
        str, typer.Argument(metavar="BASE..HEAD", help="The commits to check (or one commit).")
    ],
    keys: Keys,
    policy: Annotated[
        Path | None, typer.Option(help="Policy file whose tiers and path rules say what needs attesting.")
    ] = None,
    reviews: Annotated[
        list[Path] | None,
        typer.Option(
            help="The pull request's reviews as GitHub's API answers them (repeatable: one file a page)."
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text, json, markdown or sarif.")
    ] = Format.TEXT,
) -> None:
    """Check that every commit touching restricted or confidential paths carries a valid
    attestation from a trusted key, for its tree, made with Pretense in control; and that
    AI-assisted paths have the reviews the policy asks for. Exit 1 with one line per
    offending commit; 2 when the input cannot be used."""
    root = Path(".").resolve()
    try:
        loaded = load_policy(policy or _default_policy(), known_names())
        trusted = trusted_keys(keys)
        verdicts = verify_range(root, commits, trusted, loaded)
        approved = None
        if reviews:
            head = git.resolve(root, commits.rpartition("..")[2] or "HEAD") or ""
            approved = approvals(read_pages(reviews), head).count
    except PretenseError as e:
        _usage(str(e))
    verdicts = short_of_reviews(verdicts, approved)
    render = {
        Format.TEXT: commit_reports.as_text,
        Format.JSON: commit_reports.as_json,
        Format.MARKDOWN: commit_reports.as_markdown,
        Format.SARIF: commit_reports.as_sarif,
    }[output_format]
    typer.echo(render(verdicts))
    if any(v.failed for v in verdicts):
        raise typer.Exit(1)


def provenance_command(
    commits: Annotated[
        str, typer.Argument(metavar="COMMIT|BASE..HEAD", help="The commit or commits to show.")
    ],
    keys: Annotated[
        Path | None,
        typer.Option(help="Trusted keys to check the signatures with (default: this machine's audit key)."),
    ] = None,
) -> None:
    """Per file, how many of each commit's added lines came from AI answers, from which
    exchanges (audit records) and agents, as its attestation says."""
    root = Path(".").resolve()
    try:
        trusted = trusted_keys(keys or locate_home().public_key_file)
        selected = git.revisions(root, commits)
    except PretenseError as e:
        _usage(str(e))
    for commit in selected:
        try:
            facts = facts_of(root, commit)
        except PretenseError as e:
            _usage(str(e))
        typer.echo(f"{facts.id[:12]} {facts.subject}")
        for line in _provenance_lines(facts, trusted):
            typer.echo(f"  {line}")


def _provenance_lines(facts: CommitFacts, trusted: Mapping[str, Ed25519PublicKey]) -> list[str]:
    found = values(facts.message, ATTESTATION)
    if not found:
        said = values(facts.message, UNATTESTED)
        return [f"no attestation{f' ({said[0]})' if said else ''}"]
    # As verify-commits reads them: any trailer may be the one; the best says most.
    readings: list[tuple[int, list[str]]] = []
    for value in found:
        try:
            envelope = decode(value)
            claim = claim_of(parse_statement(envelope.payload))
        except AttestationError as e:
            readings.append((0, [f"attestation unreadable: {e}"]))
            continue
        try:
            checked, signed = f"signed by key {verified_by(envelope, trusted)[:16]}", True
        except AttestationError as e:
            checked, signed = f"NOT VERIFIED: {e}", False
        matched = attests(claim, facts)
        same = (
            "for this tree"
            if matched is Status.ATTESTED
            else "for this change on another parent (rebased)"
            if matched is Status.REBASED
            else f"for tree {claim.tree[:12]} and another change, not this commit's"
        )
        rank = 1 + signed + 2 * (matched is not None)
        readings.append(
            (
                rank,
                [f"attestation: {checked}, {same}, {claim.tier} tier, {claim.attested_at}", *_shares(claim)],
            )
        )
    return max(readings, key=lambda reading: reading[0])[1]


def _shares(claim: Claim) -> list[str]:
    p = claim.provenance
    agents = f" ({', '.join(p.agents)})" if p.agents else ""
    lines = [f"{p.ai} of {p.added} added lines from AI answers{agents}"]
    width = max((len(f.path) for f in p.files), default=0)
    for f in p.files:
        cited = ", ".join(str(seq) for seq in f.exchanges) or "-"
        lines.append(f"{f.path:<{width}}  {f.ai} of {f.added} lines  exchanges {cited}  {' '.join(f.agents)}")
    if p.omitted:
        lines.append(f"{p.omitted} more files with AI lines (left out of the trailer)")
    return lines


def _default_policy() -> Path:
    path = locate_home().policy_file
    return path if path.exists() else Path(str(SHIPPED_DEFAULT_POLICY))


def _usage(message: str) -> NoReturn:
    typer.echo(f"pretense: {message}", err=True)
    raise typer.Exit(2)
