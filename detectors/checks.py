"""Cheap validations of candidate values: checksums and structure (check digits, token CRCs,
base64 and JWT), and what tells a credential from a placeholder, a name or documentation."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter
from urllib.parse import unquote

# Values that stand in for a secret rather than being one.
_PLACEHOLDER = re.compile(
    r"""
    ^(?:
        [<\[{(].*[>\]})]           # <your-key>, {{ secrets.X }}, [REDACTED], (hidden)
      | \{[^}]*                   # a template cut where the value ends: {password!r
      | \$\{?[A-Za-z_].*           # $API_KEY, ${API_KEY}
      | %\(?[A-Za-z_].*            # %(password)s, %PASSWORD%
      | .*(?:x{4,}|X{4,}|\*{3,}|\.{3}|…|•|●).*    # xxxx, ****, sk-..., ••••
      | your.* | (?:my|some|the|a|an|enter|insert|put|replace|add)[-_ ].*
      | .*(?:example|sample|dummy|placeholder|redacted|change[-_]?me|replace[-_]?me|fixme|todo).*
      | .*(?:fake|mock|bogus|not[-_ ]?a[-_ ]?real).*
      | %%.*%% | @[A-Za-z_]+@           # %%PASSWORD%%, @PASSWORD@
      | .*[-_ .]here
      | (?:password|passwd|secret|token|pass|pwd|none|null|nil|true|false|undefined|test|admin|root|default)
      | (?:foo|bar|baz|qux|quux)
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
    return _REFERENCE.match(value) is not None or value[:1] in ("[", "(")


def is_code(value: str) -> bool:
    """An expression that cannot be a literal value: a call, an index, an attribute, a list."""
    return is_reference(value) and any(c in value for c in "[(.")


_ALPHA_RUN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def is_wordy(value: str) -> bool:
    """Made of words (a name in code, a phrase, `stream_tok_hop_2`, `PKCS7PrivateKeyTypes`,
    `TOKEN_FOR_TESTS`) rather than drawn at random: long runs of letters with the vowels of
    words. Hex is never words, though its letters may spell some."""
    if _CONSTANT.fullmatch(value) or _HEX.fullmatch(value):
        return _CONSTANT.fullmatch(value) is not None
    runs = _ALPHA_RUN.findall(value)
    letters = sum(map(len, runs))
    if len(runs) < 2 or letters < 0.6 * len(value.replace("_", "").replace("-", "")):
        return False
    voiced = sum(1 for run in runs if _VOWEL.search(run))
    vowels = len(_VOWEL.findall(value))
    # Words: long runs of letters, nearly each with a vowel, as many vowels as words have.
    if letters / len(runs) < 3.5 or voiced < 0.75 * len(runs) or vowels < 0.3 * letters:
        return False
    return not any(_CLUSTER.search(run) for run in runs if not run.isupper() or len(run) > 5)


_VOWEL = re.compile(r"[aeiouyAEIOUY]")
# Four consonants in a row: common in random letters, rare in words (acronyms aside).
_CLUSTER = re.compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{4}")
_HEX = re.compile(r"[0-9a-fA-F-]+")


def is_url(value: str) -> bool:
    """A URL with no credentials in it: a link, not a secret (URL passwords have their own
    detector)."""
    return re.match(r"[a-z][a-z0-9+.-]*://[^@\s]*$", value) is not None


# n·log2(n) for the counts of characters in a value, looked up rather than computed.
_N_LOG_N = [0.0] + [n * math.log2(n) for n in range(1, 4097)]


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    total = len(value)
    counts = Counter(value).values()
    if total > 4096:
        return math.log2(total) - sum(n * math.log2(n) for n in counts) / total
    return math.log2(total) - sum(map(_N_LOG_N.__getitem__, counts)) / total


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def looks_random(value: str, minimum: int = 16) -> bool:
    """A machine-made token: long enough, mixes letters and digits, and varied."""
    # Cheapest tests first: this runs on every value of every keyed assignment.
    if len(value) < minimum or not _DIGIT.search(value) or not _LETTER.search(value):
        return False
    if entropy(value) < min(3.0, math.log2(len(value)) - 0.5):
        return False
    return not is_placeholder(value)


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


# Every country of the IBAN registry (SWIFT, release 99), SEPA's and the others.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_length(country: str) -> int | None:
    return _IBAN_LENGTHS.get(country)


def iban(value: str) -> bool:
    compact = value.replace(" ", "")
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def us_ssn(value: str) -> bool:
    """Issuable by the SSA, written 536-90-4399, 536 90 4399, 536.90.4399 or 536904399."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    # Numbers the SSA or advertising made famous, never issued to anyone; and the made-up
    # kind (111-22-3333) that a real number almost never looks like.
    return digits not in ("078051120", "219099999", "123456789") and len(set(digits)) > 3


def aba_routing(value: str) -> bool:
    d = [ord(c) - 48 for c in value]
    prefix = d[0] * 10 + d[1]  # Federal Reserve district, thrift, electronic or traveler's cheque
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def _luhn_value(characters: str) -> bool:
    """The Luhn test over letters counted as two digits (A=10 ... Z=35), as ISIN does."""
    return luhn("".join(str(int(c, 36)) for c in characters))


def isin(value: str) -> bool:
    return len(value) == 12 and value[:2].isalpha() and value[-1].isdigit() and _luhn_value(value)


def cusip(value: str) -> bool:
    if len(value) != 9 or not value[-1].isdigit():
        return False
    total = 0
    for position, char in enumerate(value[:8]):
        number = int(char, 36) if char.isalnum() else 36 + "*@#".index(char)
        if position % 2:
            number *= 2
        total += number // 10 + number % 10
    return (10 - total % 10) % 10 == int(value[-1])


# ISO 3166-1 alpha-2: the country a SWIFT/BIC names.
_COUNTRIES = frozenset({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
})  # fmt: skip


def bic(value: str) -> bool:
    """A SWIFT/BIC: bank, a real country, location, branch; a location ending `0` marks a test BIC."""
    return len(value) in (8, 11) and value[4:6] in _COUNTRIES and value[7] != "0"


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62_checksum(body: str, checksum: str) -> bool:
    """GitHub's and npm's token checksum: the CRC32 of the random part, in six base62 digits."""
    number = zlib.crc32(body.encode())
    digits = ""
    while number:
        number, digit = divmod(number, 62)
        digits = _BASE62[digit] + digits
    return digits.rjust(6, "0") == checksum


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32(value: str) -> bool:
    """A bech32 string (BIP 173) whose checksum holds: age's keys."""
    lowered = value.lower()
    hrp, _, data = lowered.rpartition("1")
    if not hrp or len(data) < 6 or any(c not in _BECH32 for c in data):
        return False
    checksum = 1
    for number in (
        [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + [_BECH32.index(c) for c in data]
    ):
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ number
        for bit, generator in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            checksum ^= generator if (top >> bit) & 1 else 0
    return checksum == 1


def decoded(value: str) -> bytes | None:
    """The bytes a base64 or base64url value (padded or not, URL-escaped or not) stands for."""
    text = unquote(value) if "%" in value else value
    # A value wrapped over lines, in a file or JSON-escaped, is one value.
    text = re.sub(r"\\n|\s", "", text)
    padded = text + "=" * (-len(text) % 4)
    try:
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def basic_credentials(value: str) -> bool:
    """base64 of `user:password`, as HTTP Basic and Docker's `auth` carry them."""
    raw = decoded(value)
    if raw is None or b":" not in raw:
        return False
    try:
        user, _, password = raw.decode("utf-8").partition(":")
    except UnicodeDecodeError:
        return False
    return password.isprintable() and bool(password) and user.isprintable()


def jwt_claims(value: str) -> dict[str, object] | None:
    """The payload of a JSON web token whose header is a JSON object naming its algorithm."""
    parts = value.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(decoded(parts[0]) or b"")
        payload = json.loads(decoded(parts[1]) or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or "alg" not in header or not isinstance(payload, dict):
        return None
    return payload


def secret_bytes(value: str, length: int) -> bool:
    """base64 of exactly `length` bytes: an HMAC or a key, as Azure's keys and signatures are."""
    raw = decoded(value)
    return raw is not None and len(raw) == length
