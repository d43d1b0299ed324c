"""`python -m bench.secrets_quality`: recall and precision of the secrets scanner on both halves
of the labeled corpus (tests/detectors/corpus), secrets and client data apart, per family and
per type, beside detect-secrets with its default settings scanning the same texts as files."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from detect_secrets.core.scan import scan_file
from detect_secrets.settings import default_settings

from detectors import Category, default_scanner
from detectors.catalog import CATALOG
from tests.detectors.corpus import HELDOUT, TUNING, Case, Score, load, score

# Each kind's family is the module its detector lives in (detectors/families/...).
FAMILY = {cls.kind: cls.__module__.rpartition(".")[2] for cls in reversed(CATALOG)}
CLIENT_DATA = {cls.kind for cls in CATALOG if cls.category is Category.CLIENT_DATA} | {"account_number"}


def is_client_data(kind: str) -> bool:
    return kind in CLIENT_DATA


def is_secret(kind: str) -> bool:
    return kind not in CLIENT_DATA


def ours(text: str) -> list[tuple[str, int, int]]:
    return [(f.kind, f.start, f.end) for f in default_scanner().scan(text)]


def detect_secrets(text: str, name: str) -> Iterator[tuple[str, int, int]]:
    """What `detect-secrets scan` reports for the text saved as a file named `name`."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text, encoding="utf-8")
        found = list(scan_file(str(path)))
    for secret in found:
        index = secret.line_number - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        value = secret.secret_value or ""
        at = line.find(value) if value else -1
        # Where the reported value is not on the line as such, count the whole line.
        start, end = (at, at + len(value)) if at >= 0 else (0, len(line.rstrip("\n")))
        yield (secret.type, starts[max(0, index)] + start, starts[max(0, index)] + end)


def report(half: Path, per_type: bool = True) -> None:
    cases = load(half)
    names = {case.text: case.name for case in cases}
    with default_settings():
        spans: dict[str, Callable[[str], list[tuple[str, int, int]]]] = {
            "Pretense": ours,
            "detect-secrets": lambda text: list(detect_secrets(text, names[text])),
        }
        # Each scanner runs once per text; the groups are scored on the same findings.
        found = {who: {case.text: scan(case.text) for case in cases} for who, scan in spans.items()}
    positives = sum(1 for c in cases if c.secrets)
    print(f"== {half.name} half: {positives} files with {sum(len(c.secrets) for c in cases)} labeled values, "
          f"{len(cases) - positives} hard-negative files\n")  # fmt: skip
    results = {
        (who, group): score(cases, lambda text, who=who: found[who][text], predicate)
        for who in spans
        for group, predicate in (("secrets", is_secret), ("client data", is_client_data))
    }
    for group in ("secrets", "client data"):
        for who in spans:
            _summary(f"{who}, {group}", results[who, group], who == "Pretense")
    print()
    _families(cases, results)
    if per_type:
        _types(results)
    for group in ("secrets", "client data"):
        mine = results["Pretense", group]
        for title, lines in ((f"missed ({group})", mine.missed), (f"false positives ({group})", mine.false)):
            if lines:
                print(f"\n{title}:\n  " + "\n  ".join(lines))
    print()


def _summary(name: str, result: Score, covered: bool) -> None:
    recall = result.coverage if covered else result.recall
    print(
        f"{name:30} recall {recall:.3f}   precision {result.precision:.3f}   "
        f"({sum(result.labeled.values())} labeled, {result.reported} reported, {len(result.false)} false)"
    )


def _families(cases: Sequence[Case], results: dict[tuple[str, str], Score]) -> None:
    labeled: Counter[str] = Counter()
    ours_covered: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for group in ("secrets", "client data"):
        for label, n in results["Pretense", group].labeled.items():
            family = FAMILY.get(label.split("/")[0], "?")
            labeled[family] += n
            ours_covered[family] += results["Pretense", group].covered[label]
            theirs[family] += results["detect-secrets", group].detected[label]
    print(f"{'family':16} {'n':>4} {'Pretense':>9} {'detect-secrets':>15}")
    for family in sorted(labeled):
        n = labeled[family]
        print(f"{family:16} {n:4d} {ours_covered[family] / n:9.3f} {theirs[family] / n:15.3f}")


def _types(results: dict[tuple[str, str], Score]) -> None:
    print(f"\n{'type':46} {'n':>3} {'Pretense':>9} {'detect-secrets':>15}")
    for group in ("secrets", "client data"):
        mine, theirs = results["Pretense", group], results["detect-secrets", group]
        for label in sorted(mine.labeled):
            n = mine.labeled[label]
            print(f"{label:46} {n:3d} {mine.covered[label] / n:9.2f} {theirs.detected[label] / n:15.2f}")


def main() -> None:
    print("(Pretense recall counts a value only where its findings hide every character;")
    print(" detect-secrets recall counts any overlap, since it reports lines, not spans)\n")
    report(TUNING)
    report(HELDOUT)


if __name__ == "__main__":
    main()
