"""The two shapes of a secret found by its key rather than by a format of its own: a value
assigned to a credential-like key, and a provider's value named by the provider nearby."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from detectors import checks, negatives
from detectors.base import Detector, Mode, View, Views

SPECIFIC = 10  # a known token format
IN_URL = 5  # a password inside a URL or header: more precise than a keyed assignment

_KEY_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789_.-"
# After a key: its closing quote or bracket, then the assignment.
CLOSE = r"\\?[\"']?\]?"
_QUOTED = r"(?P<q>\\?[\"'`])(?P<v>[^\"'`\\\n]{1,4096})(?P=q)"
_UNQUOTED = r"(?P<v>[^\s\"'`\\,;)}\]<>]{1,4096})(?=[\s,;)}\]\\]|\Z)"
# What a key says when its value is not a secret in clear: ciphertext, a hash, a name.
_NOT_IN_CLEAR = re.compile(rb"encrypted|cipher|sealed|hashed|digest|fingerprint|checksum")


class Keyed(Detector):
    """A value assigned to a key ending in one of its `anchors` (looked up lower-cased):
    `KEY=v`, `key: v`, `"key": "v"`, `key => 'v'`, `--key v`, also inside JSON-escaped text.
    `key_before` is what the key must hold just before the keyword; `value` is the value's
    format, or None for any quoted value and any unquoted value where unquoted values are
    literals (env files, shell, YAML) rather than code."""

    key_before: ClassVar[str] = ""
    value: ClassVar[str | None] = None
    view = View.LOWER

    def __init__(self) -> None:
        patterns: tuple[str, ...]
        if self.value is None:
            patterns = (
                rf"{CLOSE}[ \t]*(?::=|=>|=|:)[ \t]*(?:[rbuf]|@)?{_QUOTED}",
                rf"{CLOSE}(?:=|[ \t]*:[ \t]+){_UNQUOTED}",
            )
        else:
            quote = r"(?:[rbuf]?\\?[\"'`])?"
            # A known format may also follow a space: `aws configure set aws_secret_access_key V`.
            assign = r"(?:[ \t]*(?::=|=>|=|:)[ \t]*|[ \t]+)"
            patterns = (rf"{CLOSE}{assign}{quote}(?P<v>{self.value})(?![A-Za-z0-9_+/=-])",)
        super().__init__(patterns)
        # `("password", "v")`: a call's or a tuple's first two strings.
        self._pair = re.compile(rf"{CLOSE}[ \t]*,[ \t]*(?:[rbuf]|@)?{_QUOTED}")
        self._flag = re.compile(rf"(?:=|[ \t]+){_UNQUOTED}")
        # `key = value` unquoted: a literal in INI and TOML-like files, a name in code.
        self._spaced = re.compile(rf"{CLOSE}[ \t]+=[ \t]+{_UNQUOTED}")
        self._before = re.compile(f"(?:{self.key_before})\\Z".encode()) if self.key_before else None

    def matches(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[re.Match[str]]:
        text, lower = views.text, views.lower
        for hit, keyword in hits:
            end = hit + len(keyword)
            if end >= len(lower) or lower[end] not in b"\\\"'] \t:=,":
                continue  # the key goes on (password_hash, max_tokens): not its end
            before = lower[max(0, hit - 64) : hit]
            start = hit - len(before) + len(before.rstrip(_KEY_CHARS))
            if not self.accepts_key(lower, start, hit, keyword) or _NOT_IN_CLEAR.search(lower, start, hit):
                continue
            if negatives.names_public_key(lower[start:end]):
                continue
            quoted = lower[start - 1 : start] in (b'"', b"'")
            patterns = self.compiled
            if self.value is None:
                patterns = (*patterns, self._spaced)
                if quoted and _opens_pair(lower, start - 1):
                    patterns = (self._pair, *patterns)
                if lower.startswith(b"--", start):
                    patterns = (*patterns, self._flag)
            for pattern in patterns:
                match = pattern.match(text, end)
                if match is None:
                    continue
                if not self._names_a_value(pattern, match, quoted):
                    yield match
                break

    def _names_a_value(self, pattern: re.Pattern[str], match: re.Match[str], quoted: bool) -> bool:
        """A name where a literal would stand: `key = name` in code, and any unquoted name
        after a quoted key (`{"key": name}`: JSON never leaves a string unquoted)."""
        if self.value is not None:
            return False
        unquoted = "q" not in match.re.groupindex
        return (pattern is self._spaced or (quoted and unquoted)) and checks.is_reference(match.group("v"))

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        """Whether the key `lower[start:hit]` + `keyword` is one this detector reads."""
        return self._before is None or self._before.search(lower, start, hit) is not None


def _opens_pair(lower: bytes, quote: int) -> bool:
    """Whether the string whose opening quote is at `quote` is the first of a call, tuple or
    list (`setenv("PASSWORD", "v")`), not one item of a longer one (`("id", "Password", "RFC")`)."""
    return lower[max(0, quote - 16) : quote].rstrip(b" \t")[-1:] in (b"(", b"[")


class Contextual(Detector):
    """A value of a provider's shape assigned to a credential-like key where the provider is
    named nearby: `CLOUDFLARE_API_TOKEN=v`, `cloudflare:` then `api_token: v`, `-H 'Fastly-Key:
    v'`. `anchors` are the provider's names (lower-cased), `value` the value's shape, `keys`
    what the key says; `forms` are further patterns of the provider's own (CLI output, a
    positional argument), searched in the same stretch."""

    value: ClassVar[str]
    # `pat` as in a personal access token, not `path`; `auth` but not `author`.
    keys: ClassVar[str] = r"key|token|secret|pass|pat(?![a-z])|auth(?!or)|credential"
    forms: ClassVar[tuple[str, ...]] = ()
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (200, 360)
    priority = SPECIFIC

    def __init__(self) -> None:
        key = rf"(?i:[\w.-]*(?:{self.keys})[\w.-]*)"
        assign = r"(?:[ \t]*(?::=|=>|=|:|,)[ \t]*|[ \t]+)"
        quote = r"(?:[rbuf]?\\?[\"'`])?"
        keyed = rf"(?<![\w.-]){key}{CLOSE}{assign}{quote}(?P<v>{self.value})(?![A-Za-z0-9_+/=-])"
        super().__init__((keyed, *self.forms))

    def check(self, value: str) -> bool:
        return super().check(value) and not checks.is_placeholder(value) and len(set(value)) > 6
