"""Test-only entry script: the suite as addons/pretense.py builds it, with one part replaced,
named by PRETENSE_TEST_FAULT:

- `swap`: the restricted tier renames with the swap transform of tests/doubles.py;
- `identity`: the restricted tier's transform returns its input unchanged (nothing but the
  egress check can notice);
- `raise:STAGE` / `hang:STAGE`: the inspector raises, or never returns, at STAGE
  (`decode`, `policy`, `parse`, `rewrite`, `egress`);
- `hook:ADDON.HOOK`: that hook of that addon raises from inside (what it calls fails).
"""

import os
import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from addons.suite import suite  # noqa: E402
from tests.e2e.faults import factory, sabotage  # noqa: E402

FAULT = os.environ["PRETENSE_TEST_FAULT"]
addons = suite(factory(FAULT))
if FAULT.startswith("hook:"):
    sabotage(addons, FAULT.removeprefix("hook:"))
