"""The suite's addons, in the order they run, around the parts they share."""

from __future__ import annotations

from addons.answers import Answers
from addons.audit import Auditor
from addons.exchange import Exchanges
from addons.guardrails import Guardrails
from addons.home import PretenseHome
from addons.identity import Identity
from addons.inspection import Inspection
from addons.router import Router
from addons.state import InspectorFactory, SuiteState
from inspection.inspector import Inspector
from installation.home import locate_home
from providers.routes import RouteTable
from relay.upstream import ProviderUpstream


def suite(
    factory: InspectorFactory = Inspector.build, upstream: ProviderUpstream | None = None
) -> list[object]:
    """`factory` builds the inspector from the policy, key and inventories (tests give one
    with a fault in it); `upstream` is how the guardrails relay reaches providers (tests give
    one that dials their fake provider)."""
    home = locate_home()
    state = SuiteState(home, factory)
    routes = RouteTable()
    exchanges = Exchanges()
    auditor = Auditor(state, routes, exchanges)
    return [
        PretenseHome(home),  # local state: CA, key, policy; mitmproxy's confdir and listen address
        Router(routes, exchanges, home.root),  # which flows are AI requests; the rest passes untouched
        Identity(routes, exchanges),  # who sent it: the signed-in user, the `pretense run --repo` tag
        Inspection(state, routes, exchanges),  # tier, rewrite, egress check: forward or refuse
        # tool calls in the answer judged, held for an approver, refused or released (via the relay)
        Guardrails(state, routes, exchanges, auditor.submit, upstream),
        Answers(routes, exchanges),  # restores the answer, streamed or not
        auditor,  # the audit trail (hash-chained, signed) and SIEM events
    ]
