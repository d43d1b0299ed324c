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

import tree_sitter

from detectors import Finding, Scanner
from installation.fingerprints import fingerprint, fingerprint_key
from mutators.base import FieldKind, RequestRefused, Rewrite, StreamRestorer, Syntax, TextField
from mutators.languages import parser
from mutators.memo import Memo
from mutators.restore import HeldBackStream
from mutators.segments import code_segments

_ALPHABET = "abcdefghijklmnoprstuvwxy"
_CODE_LENGTH = 10  # 24 ** 10 > 2 ** 45
PLACEHOLDER = re.compile(r"REDACTED_[A-Z0-9]+(?:_[A-Z0-9]+)*_[a-pr-y]{10}")
# A tail that may still grow into a placeholder.
_PARTIAL = re.compile(r"(?:R(?:E(?:D(?:A(?:C(?:T(?:E(?:D(?:_[A-Z0-9_]*[a-pr-y]{0,9})?)?)?)?)?)?)?)?)\Z")
_LONGEST_PARTIAL = 96
_MEMORY = 16 << 20
# Kinds found by what surrounds a value (a `password` key, a Luhn-valid run of digits), not
# by a credential's own format: in code they can be a type or a constant, not a secret.
_GENERIC_KINDS = frozenset({"password", "secret", "card_number", "iban", "us_ssn", "aba_routing_number"})
# Nodes whose text is a literal value or free text, in every grammar we ship (`string`,
# `string_content`, `heredoc_body`, `comment`, `line_comment`, `template_string`, ...).
_LITERAL = re.compile(r"string|comment|heredoc|template|char|text|word|concatenation|expansion")
# Nodes a generic finding can be in code and still name nothing secret: a type, a name, a
# number (`val password: String?`, `const LIMIT: u64 = 4532015112830366`).
_CODE = re.compile(r"type|identifier|integer|number|float|decimal|constant|literal|name$")


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
        # A conversation resends its files every turn: each one's code is parsed once.
        self._kept: Memo[tuple[str, FieldKind, Syntax, str | None], tuple[Finding, ...]] = Memo(_MEMORY)

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        texts: list[str] = []
        values: dict[str, str] = {}
        found: Counter[str] = Counter()
        passed: list[tuple[str, str]] = []  # (kind, value) of what the policy allows
        for field in fields:
            findings = self._scanner.scan(field.text)
            if any(f.kind in _GENERIC_KINDS for f in findings):
                findings = self._outside_code(field, findings)
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

    def _outside_code(self, field: TextField, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        """`findings` less the generic ones whose value the field's code writes only as a
        type, a name or a number, never in a string or a comment."""
        key = (field.text, field.kind, field.syntax, field.source_path)
        kept = self._kept.get(key)
        if kept is None:
            kept = self._outside_code_afresh(field, findings)
            self._kept.put(key, kept, len(field.text))
        return kept

    def _outside_code_afresh(self, field: TextField, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        in_code: set[tuple[str, str]] = set()
        written: set[tuple[str, str]] = set()
        for segment in code_segments(field):
            if segment.language is None:
                continue
            found = [f for f in self._scanner.scan(segment.code) if f.kind in _GENERIC_KINDS]
            if not found:
                continue
            source = segment.code.encode()
            root = parser(segment.language).parse(source).root_node
            for finding in found:
                start = len(segment.code[: finding.start].encode())
                end = start + len(segment.code[finding.start : finding.end].encode())
                value = (finding.kind, segment.code[finding.start : finding.end])
                node = root.named_descendant_for_byte_range(start, end)
                (in_code if node is not None and _only_code(node) else written).add(value)
        dropped = in_code - written
        if not dropped:
            return tuple(findings)
        return tuple(f for f in findings if (f.kind, self._value(field, f)) not in dropped)

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


def _only_code(node: tree_sitter.Node) -> bool:
    """Whether `node` is code (a type, a name, a number) outside any string or comment."""
    if not _CODE.search(node.type):
        return False
    ancestor: tree_sitter.Node | None = node
    while ancestor is not None:
        if _LITERAL.search(ancestor.type):
            return False
        ancestor = ancestor.parent
    return True


def _kind(placeholder: str) -> str:
    return placeholder[len("REDACTED_") : -_CODE_LENGTH - 1].lower()


def _unescape(raw: str) -> str:
    """The value a span of JSON string content stands for."""
    try:
        value = json.loads(f'"{raw}"')
    except json.JSONDecodeError:
        return raw
    return value if isinstance(value, str) else raw
