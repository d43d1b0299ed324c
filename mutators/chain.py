"""Several transforms applied one after the other to the same request (secrets redacted,
then identifiers renamed); their restorations undo them in the reverse order."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from mutators.base import RequestTransform, Restoration, Rewrite, StreamRestorer, Syntax, TextField


class Chain:
    def __init__(self, *transforms: RequestTransform) -> None:
        self.transforms = transforms

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        current = list(fields)
        restorations: list[Restoration] = []
        found: Counter[str] = Counter()
        passed: Counter[str] = Counter()
        fingerprints: list[tuple[str, str]] = []
        renamed: set[str] = set()
        for transform in self.transforms:
            rewrite = transform.apply(current)
            current = [
                field if text is field.text else dataclasses.replace(field, text=text)
                for field, text in zip(current, rewrite.texts, strict=True)
            ]
            restorations.append(rewrite.restoration)
            found.update(rewrite.found)
            passed.update(rewrite.passed)
            fingerprints += rewrite.fingerprints
            renamed |= rewrite.renamed
        restoration = _ChainRestoration(restorations[::-1])
        texts = [f.text for f in current]
        return Rewrite(texts, restoration, dict(found), fingerprints, frozenset(renamed), dict(passed))


class _ChainRestoration:
    def __init__(self, restorations: Sequence[Restoration]) -> None:
        self._restorations = [r for r in restorations if r.active]

    @property
    def active(self) -> bool:
        return bool(self._restorations)

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        return _ChainStream([r.restorer(syntax) for r in self._restorations])


class _ChainStream:
    def __init__(self, restorers: Sequence[StreamRestorer]) -> None:
        self._restorers = restorers

    def feed(self, text: str) -> str:
        for restorer in self._restorers:
            text = restorer.feed(text)
        return text

    def flush(self) -> str:
        # What one restorer still held goes through the ones after it before they flush.
        text = ""
        for restorer in self._restorers:
            text = restorer.feed(text) + restorer.flush()
        return text
