"""The suite's addons, in the order they run, around the parts they share."""

from __future__ import annotations

from addons.admin import AdminPort
from addons.answers import Answers
from addons.attestations import Attestations
from addons.audit import Auditor
from addons.exchange import Exchanges
from addons.guardrails import Guardrails
from addons.home import PretenseHome
from addons.identity import Identity
from addons.inspection import Inspection
from addons.metrics import Metrics
from addons.router import Router
from addons.signin import SignIn
from addons.state import InspectorFactory, SuiteState
from addons.workdirs import WorkdirIndex
from audit.device import AuditDevice
from gateway.admission import Admission
from gateway.metrics import GatewayMetrics, Probes
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
    admission = Admission()  # who the gateway serves: sign-in and directory, set from the options
    metrics = GatewayMetrics()
    signin = SignIn(routes, exchanges, admission, home.root, auditor.submit)
    signin.refused = lambda reason: metrics.refusals.labels(reason).inc()
    inspection = Inspection(state, routes, exchanges, workdirs, audit)
    metrics.probes = _probes(inspection, auditor)
    return [
        # Local state: CA, key, policy; mitmproxy's confdir and listen address.
        PretenseHome(home, routes, exchanges),
        # Which flows are AI requests; the rest passes untouched.
        Router(routes, exchanges, home.root),
        # Who may use the gateway: OIDC sign-in and the provisioned directory, on every request.
        signin,
        # Who sent it: the signed-in user, the `pretense run --repo` tag.
        Identity(routes, exchanges),
        # Indexes the repositories requests name, in the background (on a workstation).
        workdirs,
        # Tier, rewrite, egress check: forward or refuse.
        inspection,
        # Tool calls in the answer judged, held for an approver, refused or released (via the relay).
        Guardrails(state, routes, exchanges, auditor.submit, upstream, groups_of=admission.groups_of),
        # Restores the answer, streamed or not.
        Answers(routes, exchanges),
        # What the answer's code was (provenance), and attestations for this machine's git hooks.
        Attestations(state, routes, exchanges, auditor, audit),
        # The audit trail (hash-chained, signed) and SIEM events.
        auditor,
        # The gateway's admin port: health, Prometheus metrics, SCIM provisioning.
        AdminPort(state, routes, exchanges, admission, metrics, audit),
        # Counts each request for the metrics, once it is over.
        Metrics(routes, exchanges, metrics),
    ]


def _probes(inspection: Inspection, auditor: Auditor) -> Probes:
    """What the metrics' gauges read (on the admin port's thread), as the parts come and go."""
    return Probes(
        inspection_waiting=lambda: inspection.pool.waiting if inspection.pool else 0,
        workers=lambda: inspection.pool.size if inspection.pool else 0,
        workers_busy=lambda: inspection.pool.busy if inspection.pool else 0,
        worker_busy_seconds=lambda: inspection.pool.busy_seconds if inspection.pool else 0.0,
        audit_pending=lambda: auditor.writer.pending if auditor.writer else 0,
    )
