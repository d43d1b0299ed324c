"""Financial client data: cards, IBANs, SSNs, routing numbers, SWIFT/BIC with their accounts, UK
sort code and account pairs, ISIN and CUSIP in holdings; check digits, or what stands beside."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from detectors import checks
from detectors.base import Category, Detector, Finding, Mode, View, Views


class ClientData(Detector):
    category = Category.CLIENT_DATA


class CardNumber(ClientData):
    kind = "card_number"
    # Thirteen digits in a row, or two groups of four: not every number of four digits (a year).
    anchors = ("0000000000000", "0000 0000", "0000-0000")
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (26, 40)
    patterns = (r"(?<![\w.+/-])\d(?:[ -]?\d){12,18}(?![\w+/-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.card_number(value)


class Iban(ClientData):
    """An IBAN starts where its country and check digits stand (`AA00` in the shape view) and
    runs exactly its country's length, written whole or in groups of four: a longer run of
    capitals and digits around it neither hides it nor passes for it."""

    kind = "iban"
    anchors = ("AA00",)
    view = View.SHAPE

    def __init__(self) -> None:
        super().__init__()
        self._by_length: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text = views.text
        for hit, _ in hits:
            length = checks.iban_length(text[hit : hit + 2])
            if length is None:
                continue
            for pattern in self._patterns(length):
                match = pattern.match(text, hit)
                if match is not None and checks.iban(match.group()):
                    yield Finding(self.kind, self.category, hit, match.end())
                    break

    def _patterns(self, length: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
        if length not in self._by_length:
            groups, rest = divmod(length - 4, 4)
            tail = f"(?: [A-Z0-9]{{{rest}}})" if rest else ""
            alone, end = "(?<![A-Za-z0-9])", "(?![A-Za-z0-9])"
            self._by_length[length] = (
                re.compile(rf"{alone}[A-Z]{{2}}\d\d[A-Z0-9]{{{length - 4}}}{end}"),
                re.compile(rf"{alone}[A-Z]{{2}}\d\d(?: [A-Z0-9]{{4}}){{{groups}}}{tail}{end}"),
            )
        return self._by_length[length]


class UsSsn(ClientData):
    """SSNs written the usual way, `536-90-4399`: the layout is the label."""

    kind = "us_ssn"
    anchors = ("000-00-0000",)
    view = View.SHAPE
    patterns = (r"(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.us_ssn(value)


class LabelledSsn(ClientData):
    """SSNs in the other layouts (`536 90 4399`, `536.90.4399`, `536904399`), where a label
    (`SSN`, `Social Security`, `tax id`, a column named `ssn`) says what the number is."""

    kind = "us_ssn"
    anchors = ("ssn", "social security", "soc. sec", "taxpayer", "tax id")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 400)
    patterns = (r"(?<![\w.-])\d{3}([ .-]?)\d{2}\1\d{4}(?![\w-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.us_ssn(value)


class AbaRoutingNumber(ClientData):
    kind = "aba_routing_number"
    anchors = ("routing", "aba", "rtn", "transit")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (8, 96)
    patterns = (r"(?<![\w.-])\d{9}(?![\w-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.aba_routing(value)


_BIC = r"(?<![A-Za-z0-9])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"
_LABELLED_BIC = re.compile(rf"(?i:swift|bic|:5[2-8]a:)[^\n]{{0,40}}?(?P<bic>{_BIC})")
_LABELLED_ROUTING = re.compile(r"(?i:routing|aba|rtn)[^\n]{0,40}?(?<![\w.-])(?P<aba>\d{9})(?![\w-])")
_ACCOUNT = r"(?<![\w/.-])\d(?:[ -]?\d){5,16}(?![\w-]|\.\d)|(?<=:/)\d{6,34}(?![\w-])"
_DATE = re.compile(r"\d{4}([-/ ])\d\d\1\d\d|\d\d([-/ ])\d\d\2\d{4}")
_LABELLED_ACCOUNT = re.compile(rf"(?i:account|acct|a/c|:50k:|:59:)[^\n]{{0,40}}?(?:{_ACCOUNT})")


class Paired(ClientData):
    """A value that is client data next to its partner only: a bank's BIC is public, an
    account number alone is any number, the two together route money to a client. `near`
    is how far the partner may stand."""

    near: ClassVar[int] = 300

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text = views.text
        for finding in super().find(views, hits):
            if self.partnered(text, max(0, finding.start - self.near), finding.end + self.near):
                yield finding

    def partnered(self, text: str, start: int, end: int) -> bool:
        raise NotImplementedError


class SwiftBic(Paired):
    """A bank's SWIFT/BIC next to an account number it routes to (beside an IBAN it adds
    nothing: the IBAN is hidden already)."""

    kind = "swift_bic"
    anchors = ("swift", "bic", ":57a:", ":56a:", ":52a:", ":58a:", ":53a:", ":54a:")
    view = View.LOWER
    word = True
    mode = Mode.WINDOW
    reach = (0, 48)
    patterns = (_BIC,)

    def check(self, value: str) -> bool:
        return checks.bic(value)

    def partnered(self, text: str, start: int, end: int) -> bool:
        return _LABELLED_ACCOUNT.search(text, start, end) is not None


class BankAccountNumber(Paired):
    """An account number next to the SWIFT/BIC or the ABA routing number of its bank."""

    kind = "bank_account_number"
    anchors = ("account", "acct", "a/c", ":50k:", ":59:")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 60)
    patterns = (_ACCOUNT,)

    def check(self, value: str) -> bool:
        return sum(c.isdigit() for c in value) >= 6 and _DATE.fullmatch(value) is None

    def partnered(self, text: str, start: int, end: int) -> bool:
        return any(checks.bic(m.group("bic")) for m in _LABELLED_BIC.finditer(text, start, end)) or any(
            checks.aba_routing(m.group("aba")) for m in _LABELLED_ROUTING.finditer(text, start, end)
        )


_SORT_CODE = re.compile(r"(?<![\w-])\d{2}([- ]?)\d{2}\1\d{2}(?![\w-])")
_UK_ACCOUNT = re.compile(r"(?<![\w-])\d{8}(?![\w-])")


class UkBankAccount(ClientData):
    """A UK sort code and the eight-digit account number beside it, both hidden: either
    alone identifies nobody, the pair identifies a client's account."""

    kind = "uk_bank_account"
    anchors = ("sort code", "sort_code", "sortcode", "sort-code")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 600)

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text = views.text
        windows = sorted((hit, min(len(text), hit + self.reach[1])) for hit, _ in hits)
        seen: set[int] = set()
        for start, end in windows:
            for code in _SORT_CODE.finditer(text, start, end):
                account = _UK_ACCOUNT.search(text, code.end(), min(len(text), code.end() + 80))
                if account is None or code.start() in seen:
                    continue
                seen.add(code.start())
                yield Finding(self.kind, self.category, code.start(), code.end())
                yield Finding(self.kind, self.category, account.start(), account.end())


# A client's holdings say whose they are and how much of each.
_HOLDER = re.compile(r"(?i)client|holding|portfolio|position|custody|account")
_QUANTITY = re.compile(r"(?i)quantity|\bqty\b|shares|units|nominal|market[ _]?value|avg_cost")


class Holding(ClientData):
    """A security code labelled as such (`ISIN`, `CUSIP`) in a client's holdings: a statement
    or a positions feed that names the client or the portfolio and gives quantities. A list of
    securities alone is reference data."""

    view = View.LOWER
    word = True
    mode = Mode.WINDOW
    reach = (600, 2000)

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text = views.text
        before, after = self.reach
        held = [
            (hit, anchor)
            for hit, anchor in self.counted(views, hits)
            if _HOLDER.search(text, max(0, hit - before), hit + after)
            and _QUANTITY.search(text, max(0, hit - before), hit + after)
        ]
        if held:
            yield from super().find(views, held)


class Isin(Holding):
    kind = "isin"
    anchors = ("isin",)
    patterns = (r"(?<![A-Za-z0-9])[A-Z]{2}[A-Z0-9]{9}\d(?![A-Za-z0-9])",)

    def check(self, value: str) -> bool:
        return checks.isin(value) and any(c.isdigit() for c in value[2:6])


class Cusip(Holding):
    kind = "cusip"
    anchors = ("cusip",)
    patterns = (r"(?<![A-Za-z0-9])\d{3}[0-9A-Z]{5}\d(?![A-Za-z0-9])",)

    def check(self, value: str) -> bool:
        return checks.cusip(value)


class AccountNumber(ClientData):
    """Account numbers in the formats the policy lists (`secrets.account_patterns`)."""

    kind = "account_number"
    mode = Mode.WHOLE

    def __init__(self, patterns: tuple[str, ...]) -> None:
        super().__init__(tuple(rf"(?<![A-Za-z0-9])(?:{p})(?![A-Za-z0-9])" for p in patterns))

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        # The policy's patterns have no anchors: they run on every text.
        text = views.text
        for pattern in self.compiled:
            for match in pattern.finditer(text):
                yield Finding(self.kind, self.category, match.start(), match.end())
