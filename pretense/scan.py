"""`pretense scan`: the CI gate. The proxy's detectors over a working tree (or only the lines a
diff adds), each file classified by the policy, findings reported without their values.

Sans-IO but for reading files and asking git which files and lines to read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from detectors import Category, Scanner
from detectors.catalog import CATALOG
from pretense.policy import Attribution, Policy, Source, Tier, decide

SEVERITIES = ("low", "medium", "high", "critical")
MAX_FILE = 5 << 20
VENDORED = frozenset(
    {
        "node_modules",
        "vendor",
        "third_party",
        ".venv",
        "venv",
        "dist",
        "build",
        ".git",
        "__pycache__",
        "site-packages",
    }
)
ALLOW_MARKS = ("pretense: allow", "pragma: allowlist secret")

# Severity by kind: what an attacker gets with the value.
_CRITICAL = frozenset(
    {"private_key", "aws_secret_access_key", "azure_storage_key", "azure_client_secret", "vault_token"}
)
_MEDIUM = frozenset({"password", "secret", "url_password", "authorization_header", "jwt", "account_number"})


def severity(kind: str, category: Category) -> str:
    if kind in _CRITICAL:
        return "critical"
    if kind in _MEDIUM:
        return "medium"
    return "high"  # every other credential format, and client data (cards, IBANs, SSNs, routing)


@dataclass(frozen=True)
class Hit:
    file: str
    line: int
    column: int
    kind: str
    category: str
    severity: str
    tier: str
    fingerprint: str
    """SHA-256 of the value, as detect-secrets' hashed_secret: a committed baseline matches it
    on every machine. Never the value."""


@dataclass
class Result:
    hits: list[Hit] = field(default_factory=list)
    files: int = 0
    size: int = 0
    skipped: list[str] = field(default_factory=list)
    suppressed: int = 0

    def at_least(self, threshold: str, tiers: Iterable[str] = ()) -> list[Hit]:
        """Findings at `threshold` or above, in files of `tiers` (all tiers when empty)."""
        rank = SEVERITIES.index(threshold)
        only = set(tiers)
        return [h for h in self.hits if SEVERITIES.index(h.severity) >= rank and (not only or h.tier in only)]


def scanner() -> Scanner:
    # Files are scanned once: no cache to keep.
    return Scanner([cls() for cls in CATALOG], cache_entries=0)


def files_under(root: Path, include_vendored: bool = False) -> Iterator[Path]:
    """What git tracks or would track below `root` (not what it ignores), else every file."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        ).stdout
        paths: Iterable[Path] = (root / p.decode() for p in listed.split(b"\0") if p)
    except (OSError, subprocess.CalledProcessError):
        paths = (Path(folder) / name for folder, _, names in os.walk(root) for name in names)
    for path in paths:
        parts = path.relative_to(root).parts
        if include_vendored or VENDORED.isdisjoint(parts):
            yield path


def added_lines(root: Path, base: str) -> dict[str, set[int]]:
    """The lines each file gains since `base` (`git diff base`), by path relative to `root`."""
    diff = subprocess.run(
        ["git", "-C", str(root), "diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", base],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = added.setdefault(name[2:], set()) if name.startswith("b/") else None
        elif line.startswith("@@") and current is not None:
            match = re.search(r"\+(\d+)(?:,(\d+))?", line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return added


def scan(
    root: Path,
    paths: Sequence[Path],
    policy: Policy,
    *,
    only_lines: dict[str, set[int]] | None = None,
    baseline: frozenset[tuple[str, str]] = frozenset(),
    progress: Callable[[], object] | None = None,
) -> Result:
    result = Result()
    detect = scanner()
    for path in paths:
        relative = _relative(path, root)
        if only_lines is not None and relative not in only_lines:
            continue
        try:
            if path.stat().st_size > MAX_FILE:
                result.skipped.append(f"{relative} (over {MAX_FILE >> 20} MB)")
                continue
            data = path.read_bytes()
        except OSError as e:
            result.skipped.append(f"{relative} ({e.strerror})")
            continue
        if b"\0" in data[:8192]:
            continue  # binary
        result.files += 1
        result.size += len(data)
        text = data.decode("utf-8", "replace")
        tier = _tier(policy, root, relative)
        for finding in detect.scan(text):
            line = text.count("\n", 0, finding.start) + 1
            if only_lines is not None and line not in only_lines[relative]:
                continue
            line_start = text.rfind("\n", 0, finding.start) + 1
            line_end = text.find("\n", finding.start)
            if any(mark in text[line_start : line_end if line_end >= 0 else None] for mark in ALLOW_MARKS):
                result.suppressed += 1
                continue
            value = text[finding.start : finding.end]
            fingerprint = hashlib.sha256(value.encode()).hexdigest()
            if (relative, fingerprint) in baseline:
                result.suppressed += 1
                continue
            result.hits.append(
                Hit(
                    relative,
                    line,
                    finding.start - line_start + 1,
                    finding.kind,
                    finding.category.value,
                    severity(finding.kind, finding.category),
                    tier.value,
                    fingerprint,
                )
            )
        if progress is not None:
            progress()
    return result


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _tier(policy: Policy, root: Path, relative: str) -> Tier:
    found = policy.repository_at(str(root.resolve()))
    attribution = (
        Attribution(found[0], Source.FILE_PATH, found[1]) if found else Attribution(None, Source.DEFAULT)
    )
    return decide(policy, attribution, files=[relative]).tier


# Reports --------------------------------------------------------------------------------------


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
                "security-severity": _SECURITY_SEVERITY[_kind_severity(kind)],
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


def _kind_severity(kind: str) -> str:
    category = next((cls.category for cls in CATALOG if cls.kind == kind), Category.CREDENTIAL)
    return severity(kind, category)
