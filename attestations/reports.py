"""What `pretense verify-commits` prints and writes: one line per offending commit (text),
JSON, a markdown table for the job summary (each commit, its attestation, its AI share),
and SARIF 2.1.0 for code scanning (one result per failure)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from attestations.verify import RULES, CommitVerdict, Status
from scan.reports import sarif


def as_text(verdicts: Sequence[CommitVerdict]) -> str:
    lines = [f"FAILED {v.line()}" for v in verdicts if v.failed]
    lines.append(_tally(verdicts))
    return "\n".join(lines)


def as_json(verdicts: Sequence[CommitVerdict]) -> str:
    return json.dumps([_entry(v) for v in verdicts], indent=2)


def as_markdown(verdicts: Sequence[CommitVerdict]) -> str:
    failed = sum(v.failed for v in verdicts)
    title = f"### Pretense: {len(verdicts) - failed} of {len(verdicts)} commits verified"
    if not verdicts:
        return f"{title}\n\nNo commits in the range.\n"
    rows = "\n".join(_row(v) for v in verdicts)
    advice = "\n"
    if any(v.failed and v.rule != "reviews-short" for v in verdicts):
        advice += (
            "\nA commit failed for its attestation is re-attested by amending it with Pretense running "
            "(`git commit --amend --no-edit`, or `git rebase -x 'git commit --amend --no-edit' BASE`).\n"
        )
    if any(v.rule == "reviews-short" for v in verdicts):
        advice += "\nA commit short of reviews passes once enough reviewers approve the pull request.\n"
    return (
        f"{title}\n\n| Commit | Subject | Attestation | AI share |\n| --- | --- | --- | --- |\n{rows}{advice}"
    )


def as_sarif(verdicts: Sequence[CommitVerdict]) -> str:
    rules = [
        {
            "id": f"pretense/{rule}",
            "name": "".join(part.title() for part in rule.split("-")),
            "shortDescription": {"text": text},
            "help": {"text": "See docs/attestations.md: how commits are attested and verified."},
            "properties": {"security-severity": "7.5", "tags": ["security", "supply-chain"]},
        }
        for rule, text in RULES.items()
    ]
    results = [
        {
            "ruleId": f"pretense/{v.rule}",
            "level": "error",
            "message": {"text": v.line()},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _where(v)},
                        "region": {"startLine": 1},
                    }
                }
            ],
            "partialFingerprints": {"commitRule/v1": f"{v.commit.id}:{v.rule}"},
        }
        for v in verdicts
        if v.failed
    ]
    return sarif(rules, results)


def _row(v: CommitVerdict) -> str:
    cells = (v.commit.subject, _attestation(v), _share(v))
    return f"| `{v.commit.id[:12]}` | " + " | ".join(_cell(c) for c in cells) + " |"


def _tally(verdicts: Sequence[CommitVerdict]) -> str:
    counts = {status: sum(v.status is status for v in verdicts) for status in Status}
    parts = [f"{counts[s]} {s}" for s in Status if counts[s]]
    verdict = "FAILED" if counts[Status.FAILED] else "OK"
    noun = "commit" if len(verdicts) == 1 else "commits"
    return f"{verdict}: {len(verdicts)} {noun}" + (f" ({', '.join(parts)})" if parts else "")


def _attestation(v: CommitVerdict) -> str:
    if v.failed:
        return f"**failed**: {v.reason}"
    if v.claim is None:
        return f"not required ({v.tier} paths only)"
    claim = v.claim
    rebased = " on a new parent (rebased)" if v.status is Status.REBASED else ""
    return f"{v.status}{rebased}: {claim.tier} tier, key {(v.key_id or '')[:16]}, {claim.attested_at}"


def _share(v: CommitVerdict) -> str:
    if v.claim is None:
        return "-"
    p = v.claim.provenance
    agents = f" ({', '.join(p.agents)})" if p.agents else ""
    return f"{p.ai} of {p.added} lines{agents}"


def _entry(v: CommitVerdict) -> dict[str, object]:
    claim = v.claim
    return {
        "commit": v.commit.id,
        "subject": v.commit.subject,
        "status": v.status.value,
        "failed": v.failed,
        "reason": v.reason or None,
        "rule": v.rule or None,
        "tier": v.tier.value,
        "key_id": v.key_id,
        "attested_tier": claim.tier.value if claim else None,
        "added_lines": claim.provenance.added if claim else None,
        "ai_lines": claim.provenance.ai if claim else None,
        "ai_files": [
            {"path": f.path, "added_lines": f.added, "ai_lines": f.ai, "exchanges": list(f.exchanges)}
            for f in (claim.provenance.files if claim else ())
        ],
        "reviewers_needed": v.reviewers,
    }


def _where(v: CommitVerdict) -> str:
    """The file a failure is shown at: the first the commit touches."""
    return v.commit.touched[0] if v.commit.touched else "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
