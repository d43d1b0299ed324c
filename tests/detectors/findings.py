"""What the default scanner finds in a text, as (kind, value) pairs: what the detector tests
assert, one table of texts per family."""

from __future__ import annotations

from detectors import Scanner, default_scanner

SCANNER = default_scanner()


def found(text: str, scanner: Scanner = SCANNER) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scanner.scan(text)]
