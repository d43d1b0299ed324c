"""Test-only entry script: the suite as addons/pretense.py builds it, its guardrails relay
given an upstream whose network dials the fake provider (PRETENSE_TEST_UPSTREAM) for every
host, while TLS still names and verifies the host asked for."""

import os
import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from addons.suite import suite  # noqa: E402
from relay.upstream import ProviderUpstream  # noqa: E402
from tests.e2e.fake_network import FakeProviderNetwork  # noqa: E402

_, _, port = os.environ["PRETENSE_TEST_UPSTREAM"].rpartition(":")
addons = suite(upstream=ProviderUpstream(FakeProviderNetwork(int(port))))
