"""Cheap validations run on candidate values: checksums for client data, and the tests that
tell a real credential from a placeholder, a reference or documentation."""

from __future__ import annotations

import math
import re
from collections import Counter

# Values that stand in for a secret rather than being one.
_PLACEHOLDER = re.compile(
    r"""
    ^(?:
        [<\[{(].*[>\]})]           # <your-key>, {{ secrets.X }}, [REDACTED], (hidden)
      | \$\{?[A-Za-z_].*           # $API_KEY, ${API_KEY}
      | %\(?[A-Za-z_].*            # %(password)s, %PASSWORD%
      | .*(?:x{4,}|X{4,}|\*{3,}|\.{3}|…).*    # xxxx, ****, sk-...
      | your.* | (?:my|some|the|a|an|enter|insert|put|replace|add)[-_ ].*
      | .*(?:example|sample|dummy|placeholder|redacted|changeme|change_me|fixme|todo).*
      | .*[-_ .]here
      | (?:password|passwd|secret|token|pass|pwd|none|null|nil|true|false|undefined|test|admin|root|default)
    )$
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A reference to where a secret comes from, in code: os.environ["X"], process.env.X,
# getenv("X"), settings.SECRET, vault.read(...), self.password.
_REFERENCE = re.compile(
    r"^(?:[A-Za-z_$][\w$]*)(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(.*\)?|\[.*\]?)?$"
    r"|^(?:os\.|process\.|ENV\[|env\(|getenv|System\.|config\.|settings\.|secrets\.)"
)

_TYPE_NAMES = frozenset(
    [
        "str",
        "string",
        "String",
        "int",
        "bool",
        "boolean",
        "Boolean",
        "bytes",
        "char",
        "number",
        "Number",
        "object",
        "Object",
        "any",
        "None",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "True",
        "False",
        "Optional",
        "SecretStr",
        "SecretString",
        "required",
        "optional",
    ]
)


# A token from documentation: says so, or pads with one character (T00000000, XXXXXXXX).
_DOCUMENTED = re.compile(r"example|sample|dummy|placeholder|redacted|(.)\1{5}", re.IGNORECASE)
# A label or a sentence about a secret, not the secret (i18n strings, form hints).
_PROSE = re.compile(r"\s.*(?:pass|your|enter|must|forgot|reset|confirm|invalid|wrong)|[?!.:]$", re.IGNORECASE)


def is_documentation(value: str) -> bool:
    return _DOCUMENTED.search(value) is not None


def is_prose(value: str) -> bool:
    return " " in value and (_PROSE.search(value) is not None or value.count(" ") >= 3)


def is_placeholder(value: str) -> bool:
    return value in _TYPE_NAMES or _PLACEHOLDER.match(value) is not None


def is_reference(value: str) -> bool:
    """A code expression (a name, an attribute, a call), not a literal."""
    return _REFERENCE.match(value) is not None


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(value: str, minimum: int = 16) -> bool:
    """A machine-made token: long enough, mixes letters and digits, and varied."""
    if len(value) < minimum or is_placeholder(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if not (has_digit and has_alpha):
        return False
    return entropy(value) >= min(3.0, math.log2(len(value)) - 0.5)


def luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# Issuer prefixes and lengths of the card networks whose numbers turn up in client data.
_CARD = re.compile(
    r"^(?:4\d{12}(?:\d{3}){0,2}"  # Visa: 13, 16, 19
    r"|(?:5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}"  # Mastercard
    r"|3[47]\d{13}"  # American Express
    r"|(?:6011|65\d{2}|64[4-9]\d)\d{12,15}"  # Discover
    r"|3(?:0[0-5]|[68]\d)\d{11,16}"  # Diners Club
    r"|35(?:2[89]|[3-8]\d)\d{12,15})$"  # JCB
)


def card_number(value: str) -> bool:
    digits = value.replace(" ", "").replace("-", "")
    if not _CARD.match(digits) or len(set(digits)) < 4:
        return False
    separators = {c for c in value if c in " -"}
    return len(separators) <= 1 and luhn(digits)


_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SA": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TR": 26,
}  # fmt: skip


def iban(value: str) -> bool:
    compact = value.replace(" ", "")
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def us_ssn(value: str) -> bool:
    area, group, serial = value.split("-")
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    # Numbers the SSA or advertising made famous, never issued to anyone.
    return value not in ("078-05-1120", "219-09-9999", "123-45-6789")


def aba_routing(value: str) -> bool:
    d = [ord(c) - 48 for c in value]
    prefix = d[0] * 10 + d[1]  # Federal Reserve district, thrift, electronic or traveler's cheque
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0
