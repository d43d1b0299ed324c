"""`pretense dashboard`: a local web page over the trail (charts, the inventory, the commits
attested, the trail's verification, the incident search) and the held tool calls, with
approve and deny buttons that decide through the same approvals store as `pretense approvals`.

It reads the trail and never writes it: a decision goes to the store, and the proxy holding
the call writes its record. Server-rendered (Starlette, Jinja2); the charts are Plotly's,
its JavaScript served from the plotly wheel, so the page works air-gapped. Forms that decide
carry a CSRF token that must match a SameSite cookie, and the Host header must be one the
server was started for (no DNS rebinding). With sign-in (`--htpasswd`) every request signs
in, and the signed-in user decides, if the policy names them an approver.
"""

from __future__ import annotations

import functools
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from approvals.errors import ApprovalError
from approvals.store import Hold, HoldStore
from audit.errors import AuditError
from detectors import Scanner
from oversight.commits import build_commits
from oversight.daily import build_daily
from oversight.evidence import TrailCheck
from oversight.incident import Asked, build_incident
from oversight.inventory import build_inventory
from oversight.period import Period, parse_period
from oversight.render import templates
from oversight.signin import SIGNED_IN, BasicSignIn, SignIn
from oversight.trails import Trails

CSRF_COOKIE = "pretense_csrf"
RECENT_HOLDS = 50
GRANTS = {"": None, "15m": 900.0, "1h": 3600.0, "8h": 28800.0}

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # no-referrer would make the browser send `Origin: null`
    "cache-control": "no-store",
}


@dataclass(frozen=True, slots=True)
class DashboardSetup:
    trails: Trails
    holds: HoldStore
    approver: str
    """Who decides from this page without sign-in: the user who started it."""
    approvals_enabled: bool
    public_key: Callable[[], Ed25519PublicKey]
    """The pinned audit public key (raises the audit errors if it is not pinned)."""
    audit_key: Callable[[], bytes]
    scanner: Scanner
    """Scans the captured bodies of requests sent unread, for the incident search."""
    hosts: tuple[str, ...]
    """The Host header values the page answers to."""
    sign_in: SignIn | None = None
    """With sign-in, who signed in decides, where the policy lets them."""


class _Views:
    """The trail's views, computed again only when a record was added."""

    def __init__(self, setup: DashboardSetup) -> None:
        self.setup = setup
        self._lock = threading.Lock()
        self._version: object = None
        self._views: dict[str, Any] = {}

    def current(self) -> dict[str, Any]:
        version = self.setup.trails.version()
        with self._lock:
            if version != self._version:
                self._views = self._build()
                self._version = version
            return self._views

    def _build(self) -> dict[str, Any]:
        records = list(self.setup.trails.records())
        daily = build_daily(records)
        return {
            "charts": daily.charts(),
            "days": daily.ordered_days(),
            "inventory": build_inventory(records),
            "commits": build_commits(records, Period()),
            "checks": self._checks(),
            "requests": sum(1 for r in records if r.get("type") == "request"),
        }

    def _checks(self) -> list[TrailCheck] | str:
        try:
            public = self.setup.public_key()
        except AuditError as e:  # a key that is missing or not pinned is shown, not raised
            return f"cannot verify: {e}"
        return [TrailCheck.of(folder, verdict) for folder, verdict in self.setup.trails.verify(public)]


def dashboard_app(setup: DashboardSetup) -> Starlette:
    views = _Views(setup)

    async def overview(request: Request) -> Response:
        current = views.current()
        charts = orjson.dumps(current["charts"]).decode().replace("<", "\\u003c")  # safe inside <script>
        return _page(request, "overview.html", current=current, charts=charts)

    async def inventory(request: Request) -> Response:
        return _page(request, "inventory.html", inventory=views.current()["inventory"])

    async def commits(request: Request) -> Response:
        return _page(request, "commits.html", commits=views.current()["commits"])

    async def approvals(request: Request) -> Response:
        holds = list(setup.holds.holds())
        waiting = [h for h in holds if h.pending]
        decided = [h for h in holds if not h.pending][:RECENT_HOLDS]
        return _page(
            request,
            "approvals.html",
            waiting=waiting,
            decided=decided,
            message=request.query_params.get("message", ""),
            enabled=setup.approvals_enabled,
            approver=_decider(setup, request),
            decidable={h.id for h in waiting if _may_decide(setup, request, h)},
            grants=list(GRANTS),
        )

    async def decide(request: Request) -> Response:
        if not setup.approvals_enabled:
            return PlainTextResponse("this dashboard is read-only", status_code=403)
        form = await request.form()
        token, cookie = str(form.get("csrf", "")), request.cookies.get(CSRF_COOKIE, "")
        if not cookie or not hmac.compare_digest(token, cookie) or not _same_origin(request):
            return PlainTextResponse("refused: the form did not come from this dashboard", status_code=403)
        hold_id, action = request.path_params["hold"], str(form.get("action", ""))
        try:
            held = setup.holds.read(hold_id)
        except ApprovalError as e:
            return _back(str(e))
        if not _may_decide(setup, request, held):
            message = f"{_decider(setup, request)} may not approve held calls under the policy"
            return PlainTextResponse(message, status_code=403)
        reason = str(form.get("reason", "")).strip()
        grant = str(form.get("for", ""))
        if action not in ("approve", "deny") or grant not in GRANTS:
            return PlainTextResponse("unknown action", status_code=400)
        if action == "deny" and not reason:
            return _back(f"{hold_id}: a denial needs a reason (the agent and the audit trail read it)")
        try:
            approved = action == "approve"
            hold, _ = setup.holds.decide(hold_id, approved, _decider(setup, request), reason, GRANTS[grant])
        except ApprovalError as e:
            return _back(str(e))
        return _back(f"{hold.id} {hold.status.replace('_', ' ')}: {hold.tool}")

    async def incident(request: Request) -> Response:
        query = request.query_params
        found, error = None, ""
        if query.get("since"):
            try:
                period = parse_period(query.get("since"), query.get("until") or None)
            except ValueError as e:
                error = str(e)
            else:
                asked = Asked(
                    files=_lines(query.get("files", "")),
                    identifiers=_lines(query.get("identifiers", "")),
                )
                found = build_incident(
                    setup.trails.records(),
                    setup.audit_key(),
                    period,
                    asked,
                    user=query.get("user") or None,
                    repository=query.get("repo") or None,
                    captured=setup.trails.blob_stores(),
                    scanner=setup.scanner,
                )
        return _page(request, "incident.html", incident=found, error=error, query=dict(query))

    async def plotly_js(request: Request) -> Response:
        cached = {"cache-control": "max-age=86400"}
        return Response(_plotly_js(), media_type="text/javascript", headers=cached)

    async def charts_js(request: Request) -> Response:
        return Response(_CHARTS_JS, media_type="text/javascript")

    routes = [
        Route("/", overview),
        Route("/inventory", inventory),
        Route("/commits", commits),
        Route("/approvals", approvals),
        Route("/approvals/{hold}", decide, methods=["POST"]),
        Route("/incident", incident),
        Route("/static/plotly.min.js", plotly_js),
        Route("/static/charts.js", charts_js),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(setup.hosts))]
    if setup.sign_in is not None:
        middleware.append(Middleware(BasicSignIn, passwords=setup.sign_in.passwords))
    return Starlette(routes=routes, middleware=middleware)


def _decider(setup: DashboardSetup, request: Request) -> str:
    """The signed-in user; without sign-in, whoever started the dashboard."""
    return str(request.scope.get(SIGNED_IN) or setup.approver)


def _may_decide(setup: DashboardSetup, request: Request, hold: Hold) -> bool:
    """Without sign-in only the store's rules apply, as to `pretense approvals`."""
    return setup.sign_in is None or setup.sign_in.may_approve(_decider(setup, request), hold)


def _page(request: Request, template: str, **context: Any) -> Response:
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    page = template.removesuffix(".html")
    signed_in = request.scope.get(SIGNED_IN)
    html = templates().get_template(template).render(csrf=token, page=page, signed_in=signed_in, **context)
    response = HTMLResponse(html, headers=SECURITY_HEADERS)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def _back(message: str) -> Response:
    return RedirectResponse("/approvals?" + urlencode({"message": message}), status_code=303)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.headers.get('host')}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@functools.cache
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    script: str = get_plotlyjs()
    return script.encode()


# Draws every chart the page embeds as JSON (no inline script: the page's CSP forbids it).
_CHARTS_JS = b"""
var figures = JSON.parse(document.getElementById("charts-data").textContent);
document.querySelectorAll("[data-chart]").forEach(function (node) {
  var figure = figures[node.dataset.chart];
  Plotly.newPlot(node, figure.data, figure.layout, {displaylogo: false, responsive: true});
});
"""


def loopback_hosts(host: str, port: int) -> tuple[str, ...]:
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    return tuple(sorted(names | {f"{name}:{port}" for name in names}))
