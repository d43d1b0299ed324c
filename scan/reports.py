"""What `pretense scan` prints and writes: text, JSON, markdown, SARIF 2.1.0, and the
reviewable baseline of accepted findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from detectors.catalog import CATALOG
from scan.tree import Hit, Result, severity


def load_baseline(path: Path) -> frozenset[tuple[str, str]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return frozenset((entry["file"], entry["fingerprint"]) for entry in document.get("findings", []))


def baseline_document(hits: Sequence[Hit]) -> str:
    """A reviewable baseline: sorted, one entry per finding, `reason` for the reviewer to fill."""
    entries = [
        {"file": h.file, "line": h.line, "kind": h.kind, "fingerprint": h.fingerprint, "reason": ""}
        for h in sorted(hits, key=lambda h: (h.file, h.line, h.kind))
    ]
    return json.dumps({"version": 1, "tool": "pretense scan", "findings": entries}, indent=2) + "\n"


def as_json(result: Result) -> str:
    return json.dumps(
        {
            "files": result.files,
            "bytes": result.size,
            "suppressed": result.suppressed,
            "skipped": result.skipped,
            "findings": [asdict(h) for h in result.hits],
        },
        indent=2,
    )


def as_text(result: Result) -> str:
    lines = [f"{h.file}:{h.line}:{h.column}: {h.severity} {h.kind} ({h.tier} tier)" for h in result.hits]
    lines.append(
        f"{len(result.hits)} findings in {result.files} files"
        + (f", {result.suppressed} allowed or in the baseline" if result.suppressed else "")
    )
    return "\n".join(lines)


def as_markdown(result: Result) -> str:
    if not result.hits:
        return f"### Pretense scan\n\nNo secrets or client data in {result.files} files.\n"
    rows = "\n".join(
        f"| `{h.file}` | {h.line} | {h.kind.replace('_', ' ')} | **{h.severity}** | {h.tier} |"
        for h in result.hits
    )
    return (
        f"### Pretense scan: {len(result.hits)} findings\n\n"
        "| File | Line | Type | Severity | Tier |\n| --- | --- | --- | --- | --- |\n"
        f"{rows}\n\nRemove the value (rotate it if it was ever pushed), or accept it in the baseline "
        "with a reason.\n"
    )


_SECURITY_SEVERITY = {"low": "3.0", "medium": "5.5", "high": "8.0", "critical": "9.5"}
_LEVEL = {"low": "note", "medium": "warning", "high": "error", "critical": "error"}


def as_sarif(result: Result) -> str:
    kinds = sorted({h.kind for h in result.hits} | {cls.kind for cls in CATALOG})
    rules = [
        {
            "id": kind,
            "name": "".join(part.title() for part in kind.split("_")),
            "shortDescription": {"text": f"{kind.replace('_', ' ')} in the code"},
            "help": {"text": "Remove the value and rotate it; Pretense redacts it from AI traffic."},
            "properties": {
                "security-severity": _SECURITY_SEVERITY[severity(kind)],
                "tags": ["security"],
            },
        }
        for kind in kinds
    ]
    results = [
        {
            "ruleId": h.kind,
            "level": _LEVEL[h.severity],
            "message": {"text": f"{h.kind.replace('_', ' ')} ({h.severity}, {h.tier} tier)"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": h.file},
                        "region": {"startLine": h.line, "startColumn": h.column},
                    }
                }
            ],
            "partialFingerprints": {"secretSha256/v1": h.fingerprint},
        }
        for h in result.hits
    ]
    return sarif(rules, results)


def sarif(rules: Sequence[object], results: Sequence[object]) -> str:
    """A SARIF 2.1.0 log of one run of Pretense (code scanning reads it)."""
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "Pretense", "informationUri": "https://pretense.dev", "rules": rules}
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2)
