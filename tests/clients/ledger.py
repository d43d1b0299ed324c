"""The proprietary module the client tests commit to a repository, the names it defines and
its planted secret, and what the scripted model makes of it: one edited line and an answer,
built from whatever names the model was shown."""

from __future__ import annotations

import re

FILE_NAME = "tranche_ledger.py"
SECRET = "AKIAQ3EGUZ7T2XN5MBRW"
SOURCE = f'''"""Tranche ledger: how far each client's holdings drift from their target tranches."""

CUSTODIAN_ACCESS_KEY = "{SECRET}"
TRANCHE_LIMIT = 25


class AccountLedger:
    def __init__(self, tranche_holdings):
        self.tranche_holdings = tranche_holdings

    def rebalance_tranches(self, drift_ceiling):
        tranche_exposure = sum(self.tranche_holdings) / TRANCHE_LIMIT
        return min(tranche_exposure, drift_ceiling)
'''
# Every name the module defines, its own module name included; none is generic, so none may
# reach the provider. Distinctive enough that finding one inside a longer word means a leak.
DEFINED = (
    "tranche_ledger",
    "CUSTODIAN_ACCESS_KEY",
    "TRANCHE_LIMIT",
    "AccountLedger",
    "tranche_holdings",
    "rebalance_tranches",
    "drift_ceiling",
    "tranche_exposure",
)
# A developer's request that names nothing the module defines.
PROMPT = "Make the rebalancing in this repository return cents, then tell me what you changed."
# The same request naming the class and method, before any file has been read.
NAMING_PROMPT = "Make AccountLedger.rebalance_tranches return cents, then tell me what you changed."
NAMED_IN_PROMPT = ("AccountLedger", "rebalance_tranches")

_EDITED = re.compile(r"^(?P<indent>\s*)return (?P<value>min\(.*\))$")
_CLASS = re.compile(r"^class (\w+):", re.MULTILINE)
_METHOD = re.compile(r"def (?!__)(\w+)\(self, \w+\):")


def edited_line(file_text: str) -> tuple[str, str]:
    """The line the model changes, found by its shape rather than its names, and the line it
    writes instead; `file_text` is the module as the model was shown it."""
    for line in file_text.splitlines():
        if match := _EDITED.match(line):
            return line, f"{match['indent']}return round({match['value']}, 2)"
    raise ValueError(f"no line to edit in what the model was shown:\n{file_text}")


def answer(file_text: str) -> str:
    """The model's last words, naming the class and method as it was shown them, and a name
    it builds from one of them."""
    holder, method = _CLASS.search(file_text), _METHOD.search(file_text)
    if holder is None or method is None:
        raise ValueError(f"no class and method in what the model was shown:\n{file_text}")
    return f"`{holder[1]}.{method[1]}` now returns cents; `test_{method[1]}` would pin it."


EDITED = SOURCE.replace(*edited_line(SOURCE))
ANSWER = answer(SOURCE)
