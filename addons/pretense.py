"""The Pretense suite for mitmproxy: `mitmdump -s addons/pretense.py`.

The addons run in the order listed below; what they share (the home, the state the
requests are inspected with, the route table, the exchange of each flow in flight) is
built here and handed to each, so that a test can build the same suite with its own parts.
"""

import os
import sys

# mitmproxy puts this script's folder first on sys.path and leaves it there, where this
# file would shadow the `pretense` package for every later import.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != _HERE]

from addons.suite import suite  # noqa: E402

addons = suite()
