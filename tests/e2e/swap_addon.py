"""Test-only mitmproxy script: gives the suite's Rewriter the swap transform of
tests/doubles.py, so that rewriting and restoring run through the real proxy."""

import sys
from pathlib import Path

from mitmproxy import ctx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from policy.model import Tier
from tests.doubles import SwapTransform

PSEUDONYMS = {"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"}


class InstallSwap:
    def running(self) -> None:
        ctx.master.addons.get("rewriter").transforms[Tier.RESTRICTED] = SwapTransform(PSEUDONYMS)


addons = [InstallSwap()]
