"""The suite's addons, in the order they run, around the parts they share."""

from __future__ import annotations

from addons.answers import Answers
from addons.attestations import Attestations
from addons.audit import Auditor
from addons.exchange import Exchanges
from addons.guardrails import Guardrails
from addons.home import PretenseHome
from addons.identity import Identity
from addons.inspection import Inspection
from addons.router import Router
from addons.state import InspectorFactory, SuiteState
from addons.workdirs import WorkdirIndex
from audit.device import AuditDevice
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
    workdirs = WorkdirIndex(state, routes, exchanges)
    audit = AuditDevice()  # whether a record can be made durable now: the Auditor tells, Inspection asks
    auditor = Auditor(state, routes, exchanges, audit)
    return [
        # Local state: CA, key, policy; mitmproxy's confdir and listen address.
        PretenseHome(home, routes, exchanges),
        # Which flows are AI requests; the rest passes untouched.
        Router(routes, exchanges, home.root),
        # Who sent it: the signed-in user, the `pretense run --repo` tag.
        Identity(routes, exchanges),
        # Indexes the repositories requests name, in the background (on a workstation).
        workdirs,
        # Tier, rewrite, egress check: forward or refuse.
        Inspection(state, routes, exchanges, workdirs, audit),
        # Tool calls in the answer judged, held for an approver, refused or released (via the relay).
        Guardrails(state, routes, exchanges, auditor.submit, upstream),
        # Restores the answer, streamed or not.
        Answers(routes, exchanges),
        # What the answer's code was (provenance), and attestations for this machine's git hooks.
        Attestations(state, routes, exchanges, auditor, audit),
        # The audit trail (hash-chained, signed) and SIEM events.
        auditor,
    ]
