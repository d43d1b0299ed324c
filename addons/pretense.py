"""The Pretense suite for mitmproxy: `mitmdump -s addons/pretense.py`.

The addons run in the order listed below.
"""

import os
import sys

# mitmproxy puts this script's folder first on sys.path and leaves it there, where this
# file would shadow the `pretense` package for every later import.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != _HERE]

from addons.audit import Auditor  # noqa: E402
from addons.home import PretenseHome  # noqa: E402
from addons.policy import PolicyGate  # noqa: E402
from addons.rewriter import Rewriter  # noqa: E402
from addons.router import Router  # noqa: E402

addons = [
    PretenseHome(),  # local state: CA, key, policy; mitmproxy's confdir
    Router(),  # which flows are AI requests; everything else passes untouched
    PolicyGate(),  # which tier applies; blocks what the tier forbids
    Rewriter(),  # rewrites the request, restores the answer (streamed or not)
    Auditor(),  # the audit trail (hash-chained, signed checkpoints) and SIEM events
]
