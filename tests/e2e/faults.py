"""Inspectors with a fault in them, for the fault-injection tests, or with the swap transform
of tests/doubles.py for the seam tests (see faulty_suite.py)."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from typing import Any

import inspection.inspector as inspector_module
from inspection.inspector import Inspector
from mutators.base import IDENTITY
from policy.inventory import Inventory
from policy.model import Policy, Tier
from tests.doubles import SwapTransform

PSEUDONYMS = {"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"}

# Where a raising or hanging stage is put: a function the inspector calls on its way.
STAGES = {
    "decode": "decoded",
    "policy": "decide",
    "parse": "parse",
    "rewrite": "rewrite_request",
}


def factory(fault: str) -> Callable[[Policy, bytes, tuple[Inventory, ...]], Inspector]:
    """An inspector factory with `fault` in what it builds; picklable, so that worker processes
    build the same faulty inspector."""
    return functools.partial(build, fault)


def build(fault: str, policy: Policy, key: bytes, inventories: tuple[Inventory, ...]) -> Inspector:
    kind, _, stage = fault.partition(":")
    built = Inspector.build(policy, key, inventories)
    restricted = built.work[Tier.RESTRICTED]
    if kind == "identity":
        built.work[Tier.RESTRICTED] = dataclasses.replace(restricted, transform=IDENTITY)
    elif kind == "swap":
        # The seam's double renames only its own words: the egress check looks for those.
        swap = dataclasses.replace(restricted, transform=SwapTransform(PSEUDONYMS), names=_swapped)
        built.work[Tier.RESTRICTED] = swap
    elif kind in ("raise", "hang"):
        if stage == "egress":
            for tier, work in built.work.items():
                if work.egress is not None:
                    built.work[tier] = dataclasses.replace(work, egress=_Faulty(kind, work.egress))
        else:
            name = STAGES[stage]
            setattr(inspector_module, name, _faulty(kind, getattr(inspector_module, name)))
    return built


def _swapped(fields: object) -> frozenset[str]:
    return frozenset(PSEUDONYMS)


def _fail(kind: str) -> None:
    if kind == "hang":
        time.sleep(3600)
    raise RuntimeError("injected fault")


def _faulty(kind: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def faulty(*args: Any, **kwargs: Any) -> Any:
        _fail(kind)
        return function(*args, **kwargs)

    return faulty


class _Faulty:
    def __init__(self, kind: str, inner: Any) -> None:
        self.kind, self.inner = kind, inner

    def leak(self, *args: Any) -> Any:
        _fail(self.kind)
        return self.inner.leak(*args)


# What each hook calls first that can be made to fail, so the failure starts inside the hook.
HOOK_PARTS = {
    "Router.requestheaders": ("routes", "match"),
    "Identity.requestheaders": ("_tags", "get"),
    "Inspection.request": ("state", "refresh"),
    "Answers.responseheaders": ("exchanges", "get"),
    "Answers.response": ("exchanges", "get"),
    "Auditor.response": ("exchanges", "get"),
}


def sabotage(addons: list[object], hook: str) -> None:
    """Make `hook` (`Addon.hook`) of the suite raise from within."""
    name, _ = hook.split(".")
    addon = next(a for a in addons if type(a).__name__ == name)
    part, method = HOOK_PARTS[hook]
    setattr(addon, part, _Raising(getattr(addon, part), method))


class _Raising:
    """Stands in for a part one addon uses: the one method named fails, the rest works."""

    def __init__(self, inner: object, method: str) -> None:
        self._inner, self._method = inner, method

    def __getattr__(self, name: str) -> Any:
        if name == self._method:
            raise RuntimeError(f"injected fault in {name}")
        return getattr(self._inner, name)
