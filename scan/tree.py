"""`pretense scan`: the CI gate. The proxy's detectors over a working tree (or only the lines a
diff adds), each file classified by the policy, findings reported without their values.

Sans-IO but for reading files and asking git which files and lines to read.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from detectors import Finding, Scanner
from detectors.catalog import CATALOG
from policy.decision import decide
from policy.model import Attribution, Policy, Source, Tier

SEVERITIES = ("low", "medium", "high", "critical")
MAX_FILE = 5 << 20
ALLOW_MARKS = ("pretense: allow", "pragma: allowlist secret")

# Severity by kind: what an attacker gets with the value. Critical: private keys and the
# secrets that act as a cloud account's own.
_CRITICAL = frozenset(
    {
        *("private_key", "age_secret_key", "aws_secret_access_key", "azure_storage_key"),
        *("azure_client_secret", "vault_token", "alibaba_access_key_secret", "tencent_secret_key"),
        "ibm_cloud_api_key",
    }
)
_MEDIUM = frozenset(
    {
        *("password", "secret", "url_password", "authorization_header", "jwt", "account_number"),
        # public in themselves, sensitive as what a client holds or banks with
        *("swift_bic", "isin", "cusip"),
    }
)


def severity(kind: str) -> str:
    if kind in _CRITICAL:
        return "critical"
    if kind in _MEDIUM:
        return "medium"
    return "high"  # every other credential format, and client data (cards, IBANs, SSNs, accounts)


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
    names = _Names(root)
    classify = _Classifier(policy, names.root)
    for path in paths:
        relative = names.relative(path)
        if only_lines is not None and relative not in only_lines:
            continue
        try:
            data = _read_text(path)
        except _TooLarge:
            result.skipped.append(f"{relative} (over {MAX_FILE >> 20} MB)")
            continue
        except OSError as e:
            result.skipped.append(f"{relative} ({e.strerror})")
            continue
        if data is None:
            continue  # binary
        result.files += 1
        result.size += len(data)
        text = data.decode("utf-8", "replace")
        findings = detect.scan(text)
        if findings:
            lines = only_lines[relative] if only_lines is not None else None
            _report(result, relative, classify.tier(relative), text, findings, lines, baseline)
        if progress is not None:
            progress()
    return result


def _report(
    result: Result,
    relative: str,
    tier: Tier,
    text: str,
    findings: Sequence[Finding],
    only_lines: set[int] | None,
    baseline: frozenset[tuple[str, str]],
) -> None:
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        if only_lines is not None and line not in only_lines:
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
                severity(finding.kind),
                tier.value,
                fingerprint,
            )
        )


class _TooLarge(Exception):
    pass


_SNIFF = 8192


def _read_text(path: Path) -> bytes | None:
    """The file's bytes, or None for a binary file (a NUL in its first 8 kB), which is then
    read no further: a tree's largest files are its binaries."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_FILE:
            raise _TooLarge
        head = handle.read(_SNIFF)
        if b"\0" in head:
            return None
        return head + handle.read() if len(head) == _SNIFF else head


class _Names:
    """Paths as the report names them: relative to the root, resolved once rather than per
    file (resolving walks every component of a path with a system call)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cwd = os.getcwd()
        self._prefix = os.path.join(str(self.root), "")

    def relative(self, path: Path) -> str:
        absolute = os.path.normpath(os.path.join(self._cwd, path))
        if absolute.startswith(self._prefix) and not os.path.islink(absolute):
            return absolute[len(self._prefix) :].replace(os.sep, "/")
        try:  # a symbolic link, or a file given outside the root
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class _Classifier:
    """Each file's tier: the repository's, raised by its path rules; decided once for the
    whole tree where the repository has no path rules."""

    def __init__(self, policy: Policy, root: Path) -> None:
        found = policy.repository_at(str(root))
        self._policy = policy
        self._attribution = (
            Attribution(found[0], Source.FILE_PATH, found[1]) if found else Attribution(None, Source.DEFAULT)
        )
        repository = self._attribution.repository
        self._per_file = repository is not None and bool(repository.path_rules)
        self._tier = decide(policy, self._attribution).tier

    def tier(self, relative: str) -> Tier:
        if not self._per_file:
            return self._tier
        return decide(self._policy, self._attribution, files=[relative]).tier
