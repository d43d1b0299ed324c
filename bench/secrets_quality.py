"""`python -m bench.secrets_quality`: recall and precision of the secrets scanner on the
labeled corpus (tests/detectors/corpus), per type, beside detect-secrets with its default
settings (every plugin, its default filters) scanning the same texts line by line."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from detect_secrets.core.scan import scan_file
from detect_secrets.settings import default_settings

from detectors import default_scanner
from tests.detectors.corpus import Score, load, score


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


def main() -> None:
    cases = load()
    mine = score(cases, ours)
    with default_settings():
        names = {case.text: case.name for case in cases}
        theirs = score(cases, lambda text: list(detect_secrets(text, names[text])))
    positives = sum(1 for c in cases if c.secrets)
    print(
        f"corpus: {positives} files with {sum(mine.labeled.values())} labeled values of "
        f"{len(mine.labeled)} types, {len(cases) - positives} hard-negative files\n"
    )
    print(f"{'type':44} {'n':>3} {'Pretense':>9} {'detect-secrets':>15}")
    for label in sorted(mine.labeled):
        n = mine.labeled[label]
        print(f"{label:44} {n:3d} {mine.covered[label] / n:9.2f} {theirs.detected[label] / n:15.2f}")
    print()
    _summary("Pretense", mine)
    _summary("detect-secrets", theirs)
    print("\n(Pretense recall counts a value only where its findings hide every character;")
    print(" detect-secrets recall counts any overlap, since it reports lines, not spans)")
    for title, lines in (("missed by Pretense", mine.missed), ("false positives of Pretense", mine.false)):
        if lines:
            print(f"\n{title}:\n  " + "\n  ".join(lines))


def _summary(name: str, result: Score) -> None:
    recall = result.coverage if name == "Pretense" else result.recall
    print(
        f"{name:15} recall {recall:.3f}   precision {result.precision:.3f}   "
        f"({result.reported} reported, {len(result.false)} false)"
    )


if __name__ == "__main__":
    main()
