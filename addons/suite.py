"""The suite's addons, in the order they run, around the parts they share."""

from __future__ import annotations

from addons.answers import Answers
from addons.audit import Auditor
from addons.exchange import Exchanges
from addons.home import PretenseHome
from addons.identity import Identity
from addons.inspection import Inspection
from addons.router import Router
from addons.state import InspectorFactory, SuiteState
from audit.device import AuditDevice
from inspection.inspector import Inspector
from installation.home import locate_home
from providers.routes import RouteTable


def suite(factory: InspectorFactory = Inspector.build) -> list[object]:
    """`factory` builds the inspector from the policy, key and inventories (tests give one
    with a fault in it)."""
    home = locate_home()
    state = SuiteState(home, factory)
    routes = RouteTable()
    exchanges = Exchanges()
    audit = AuditDevice()  # whether a record can be made durable now: the Auditor tells, Inspection asks
    return [
        PretenseHome(home),  # local state: CA, key, policy; mitmproxy's confdir and listen address
        Router(routes, exchanges, home.root),  # which flows are AI requests; the rest passes untouched
        Identity(routes, exchanges),  # who sent it: the signed-in user, the `pretense run --repo` tag
        Inspection(state, routes, exchanges, audit),  # tier, rewrite, egress check: forward or refuse
        Answers(routes, exchanges),  # restores the answer, streamed or not
        Auditor(state, routes, exchanges, audit),  # the audit trail (hash-chained, signed) and SIEM events
    ]
