"""Replaces secrets and client data in request text with typed placeholders, and puts the
real values back in the answer where the policy allows it.

A placeholder names what stood there and derives from a keyed HMAC of the value:
`REDACTED_AWS_ACCESS_KEY_ID_kbmrtxalhd`. The same value gets the same placeholder in every
turn and on every instance sharing the key, so prompt caching keeps working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from detectors import Finding, Scanner
from installation.fingerprints import fingerprint, fingerprint_key
from mutators.base import RequestRefused, Rewrite, StreamRestorer, Syntax, TextField
from mutators.restore import HeldBackStream

_ALPHABET = "abcdefghijklmnoprstuvwxy"
_CODE_LENGTH = 10  # 24 ** 10 > 2 ** 45
PLACEHOLDER = re.compile(r"REDACTED_[A-Z0-9]+(?:_[A-Z0-9]+)*_[a-pr-y]{10}")
# A tail that may still grow into a placeholder.
_PARTIAL = re.compile(r"(?:R(?:E(?:D(?:A(?:C(?:T(?:E(?:D(?:_[A-Z0-9_]*[a-pr-y]{0,9})?)?)?)?)?)?)?)?)\Z")
_LONGEST_PARTIAL = 96


class SecretRedactor:
    """Redacts what the scanner finds; refuses the whole request when it finds a kind (or a
    category) listed in `block`; passes the kinds and categories listed in `allow`."""

    def __init__(
        self,
        scanner: Scanner,
        key: bytes,
        restore: bool = True,
        block: frozenset[str] = frozenset(),
        allow: frozenset[str] = frozenset(),
    ) -> None:
        self._scanner = scanner
        self._key = hmac.new(key, b"pretense placeholders", hashlib.sha256).digest()
        self._audit_key = fingerprint_key(key)
        self._restore = restore
        self._block = block
        self._allow = allow

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        texts: list[str] = []
        values: dict[str, str] = {}
        found: Counter[str] = Counter()
        passed: list[tuple[str, str]] = []  # (kind, value) of what the policy allows
        for field in fields:
            findings = self._scanner.scan(field.text)
            if findings:
                self._refuse_blocked(field, findings)
                found.update(f.kind for f in findings)
                if self._allow:
                    passed += [(f.kind, self._value(field, f)) for f in findings if self._allowed(f)]
                    findings = tuple(f for f in findings if not self._allowed(f))
            texts.append(self._redact(field, findings, values) if findings else field.text)
        fingerprints = [(_kind(p), self.fingerprint(value)) for p, value in values.items()]
        fingerprints += [(kind, self.fingerprint(value)) for kind, value in dict.fromkeys(passed)]
        restoration = PlaceholderRestoration(values if self._restore else {})
        allowed = Counter(kind for kind, _ in passed)
        return Rewrite(texts, restoration, dict(found), fingerprints, passed=dict(allowed))

    def fingerprint(self, value: str) -> str:
        """What the audit trail records of a value: a keyed HMAC, the same for every kind."""
        return fingerprint(self._audit_key, value)

    def placeholder(self, kind: str, value: str) -> str:
        digest = hmac.new(self._key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8])
        letters = []
        for _ in range(_CODE_LENGTH):
            number, digit = divmod(number, len(_ALPHABET))
            letters.append(_ALPHABET[digit])
        return f"REDACTED_{kind.upper()}_{''.join(letters)}"

    def _redact(self, field: TextField, findings: Sequence[Finding], values: dict[str, str]) -> str:
        pieces: list[str] = []
        position = 0
        for finding in findings:
            value = self._value(field, finding)
            placeholder = self.placeholder(finding.kind, value)
            values[placeholder] = value
            pieces += [field.text[position : finding.start], placeholder]
            position = finding.end
        pieces.append(field.text[position:])
        return "".join(pieces)

    def _allowed(self, finding: Finding) -> bool:
        return finding.kind in self._allow or finding.category.value in self._allow

    @staticmethod
    def _value(field: TextField, finding: Finding) -> str:
        raw = field.text[finding.start : finding.end]
        return _unescape(raw) if field.syntax is Syntax.JSON else raw

    def _refuse_blocked(self, field: TextField, findings: Sequence[Finding]) -> None:
        blocked = [f for f in findings if f.kind in self._block or f.category.value in self._block]
        if not blocked:
            return
        kinds = sorted({f.kind.replace("_", " ") for f in blocked})
        line = field.text.count("\n", 0, blocked[0].start) + 1
        where = ".".join(str(step) for step in field.path)
        raise RequestRefused(
            f"it contains {', '.join(kinds)} ({where}, line {line}), which the policy does not let "
            "leave the machine even redacted. Remove it from the conversation (or the file the tool "
            "read) and try again"
        )


class PlaceholderRestoration:
    """Puts each placeholder's value back; `values` maps placeholders to the values they hide."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = dict(values)

    @property
    def active(self) -> bool:
        return bool(self.values)

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        def restore(text: str) -> str:
            if "REDACTED_" not in text:
                return text
            return PLACEHOLDER.sub(lambda m: self._value(m.group(), syntax), text)

        return HeldBackStream(restore, _PARTIAL, _LONGEST_PARTIAL, "R")

    def _value(self, placeholder: str, syntax: Syntax) -> str:
        value = self.values.get(placeholder)
        if value is None:
            return placeholder
        # Inside JSON text (tool arguments) the value must be written as JSON string content.
        return json.dumps(value, ensure_ascii=False)[1:-1] if syntax is Syntax.JSON else value


def _kind(placeholder: str) -> str:
    return placeholder[len("REDACTED_") : -_CODE_LENGTH - 1].lower()


def _unescape(raw: str) -> str:
    """The value a span of JSON string content stands for."""
    try:
        value = json.loads(f'"{raw}"')
    except json.JSONDecodeError:
        return raw
    return value if isinstance(value, str) else raw
