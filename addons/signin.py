"""Who may use the gateway: with OIDC sign-in on, a tool's proxy credentials must carry a
sign-in token of the firm's identity provider (`pretense login`, passed by `pretense run`),
verified once per token; with SCIM provisioning on, the person must be provisioned and
active, checked again on every request, so a leaver is refused at their next one whatever
token they still hold. Refusals are 407 (sign in), 403 (not admitted) or 503 (the identity
provider's keys or the directory cannot be read: fail closed), each saying what to do, and
each is audited.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

from mitmproxy import connection, ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchanges
from addons.guard import block, guarded
from audit.record import Record, timestamp
from gateway.admission import Admission, Admitted, Refusal
from gateway.claims import ClaimNames, SignedIn
from gateway.directory import Directory, DirectoryFile, directory_folder
from gateway.errors import KeysUnavailable, TokenRejected
from gateway.keys import Fetch, IssuerKeys, fetch_url
from gateway.tokens import SignInSettings, TokenVerifier, audiences
from policy.attribution import sign_in_token
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

ACCESS_REFUSED = "access_refused"
"""The audit record of a connection the gateway refused before any AI request was made."""
Submit = Callable[[Record], None]


class SignIn:
    def __init__(
        self,
        routes: RouteTable,
        exchanges: Exchanges,
        admission: Admission,
        home_root: Path,
        submit: Submit,
        fetch: Fetch = fetch_url,
    ) -> None:
        self.routes = routes
        self.exchanges = exchanges
        self.admission = admission
        self.home_root = home_root
        self.submit = submit
        self.fetch = fetch
        self.refused: Callable[[str], None] = lambda reason: None
        """Told the reason of each refusal (the metrics count them)."""
        self._signed_in: weakref.WeakKeyDictionary[connection.Client, SignedIn] = weakref.WeakKeyDictionary()

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_oidc_issuer",
            str,
            "",
            "OIDC sign-in: the issuer whose tokens tools must present as proxy credentials "
            "(`pretense login --issuer` the same URL); empty: no sign-in.",
        )
        loader.add_option(
            "pretense_oidc_audience",
            Sequence[str],
            [],
            "The audiences (client ids) a sign-in token must be for; repeatable.",
        )
        loader.add_option(
            "pretense_oidc_user_claim", str, "preferred_username", "The claim that names the user."
        )
        loader.add_option(
            "pretense_oidc_groups_claim", str, "groups", "The claim that lists the user's groups."
        )
        loader.add_option(
            "pretense_oidc_leeway", int, 60, "Seconds of clock skew allowed on a token's exp, nbf and iat."
        )
        loader.add_option(
            "pretense_scim_token_file",
            str,
            "",
            "SCIM provisioning: the file holding the bearer token the identity provider presents "
            "on the admin port; set, only provisioned active users are served.",
        )

    def configure(self, updated: set[str]) -> None:
        oidc = {name for name in updated if name.startswith("pretense_oidc_")}
        if oidc or "proxyauth" in updated:
            try:
                self.admission.verifier = self._verifier()
            except ValueError as e:
                raise exceptions.OptionsError(str(e)) from e
        if "pretense_scim_token_file" in updated:
            enabled = bool(ctx.options.pretense_scim_token_file)
            self.admission.directory = (
                Directory(DirectoryFile(directory_folder(self.home_root))) if enabled else None
            )

    def _verifier(self) -> TokenVerifier | None:
        issuer = ctx.options.pretense_oidc_issuer
        if not issuer:
            return None
        if getattr(ctx.options, "proxyauth", None):  # mitmproxy's own addon declares it
            raise ValueError("pretense_oidc_issuer and proxyauth both authenticate users: set one")
        if not issuer.startswith(("https://", "http://")):
            raise ValueError(f"pretense_oidc_issuer: {issuer!r} is not an https:// URL")
        wanted = audiences(ctx.options.pretense_oidc_audience)
        if not wanted:
            raise ValueError("pretense_oidc_audience: give the client id the gateway's tokens are issued to")
        names = ClaimNames(ctx.options.pretense_oidc_user_claim, ctx.options.pretense_oidc_groups_claim)
        settings = SignInSettings(issuer, wanted, names, float(ctx.options.pretense_oidc_leeway))
        return TokenVerifier(settings, IssuerKeys(issuer, self.fetch))

    @guarded
    async def http_connect(self, flow: http.HTTPFlow) -> None:
        """A tool opens a tunnel: verify who it is for, once for the tunnel's life."""
        await self._admit(flow)

    @guarded
    async def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Every request: inside a tunnel, the sign-in and the directory are checked again (a
        token that expired, a user deactivated since); plain-HTTP proxying carries its own
        credentials."""
        if flow.response is not None or flow.request.method == "CONNECT":
            return
        await self._admit(flow)

    @guarded
    def client_disconnected(self, client: connection.Client) -> None:
        self._signed_in.pop(client, None)

    async def _admit(self, flow: http.HTTPFlow) -> None:
        admission = self.admission
        if admission.verifier is None and admission.directory is None:
            return
        identity = self._signed_in.get(flow.client_conn)
        if admission.verifier is not None and identity is None:
            found = await self._verify(flow)
            if isinstance(found, Refusal):
                self._refuse(flow, found, None)
                return
            identity = self._signed_in[flow.client_conn] = found
        user = identity.user if identity is not None else _proxyauth_user(flow)
        if user is None:
            return  # no user to check (proxy authentication off): nothing the directory can say
        verdict = admission.admit(user, identity)
        if isinstance(verdict, Refusal):
            self._refuse(flow, verdict, user)
        else:
            self._attribute(flow, user, identity, verdict)

    async def _verify(self, flow: http.HTTPFlow) -> SignedIn | Refusal:
        verifier = self.admission.verifier
        assert verifier is not None
        token = sign_in_token(flow.request.headers.get("proxy-authorization", ""))
        if token is None:
            return self.admission.sign_in_needed("no sign-in token in the proxy credentials")
        if (known := verifier.cached(token)) is not None:
            return known
        try:
            # The first sight of a token may fetch the issuer's keys: off the event loop.
            return await asyncio.to_thread(verifier.verify, token)
        except TokenRejected as e:
            return self.admission.token_refused(str(e))
        except KeysUnavailable as e:
            return self.admission.keys_unavailable(str(e))

    def _attribute(
        self, flow: http.HTTPFlow, user: str, identity: SignedIn | None, admitted: Admitted
    ) -> None:
        exchange = self.exchanges.get(flow)
        if exchange is None:
            return
        exchange.groups = admitted.groups
        if identity is not None:
            exchange.user, exchange.user_source = user, "oidc"
            exchange.subject, exchange.email = identity.subject, identity.email

    def _refuse(self, flow: http.HTTPFlow, refusal: Refusal, user: str | None) -> None:
        self.refused(refusal.reason)
        self._signed_in.pop(flow.client_conn, None)
        exchange = self.exchanges.get(flow)
        logger.warning("refused %s from %s: %s", user or "an unknown user", _peer(flow), refusal.reason)
        if exchange is not None:
            # An AI request: answered in the provider's shape, audited with its request record.
            exchange.user, exchange.user_source = (
                user or "unknown",
                "oidc" if self.admission.verifier else "proxyauth",
            )
            block(
                flow,
                exchange.route.wire,
                refusal.status,
                refusal.message.removeprefix("Pretense: "),
                exchange,
            )
            return
        headers = {"content-type": "text/plain; charset=utf-8"}
        if refusal.status == 407:
            headers["proxy-authenticate"] = 'Basic realm="pretense"'
        flow.response = http.Response.make(refusal.status, refusal.message + "\n", headers)
        self.submit(
            {
                "type": ACCESS_REFUSED,
                "ts": timestamp(time.time()),
                "user": user,
                "reason": refusal.reason,
                "status": refusal.status,
                "client_address": _peer(flow),
                "host": flow.request.pretty_host,
            }
        )


def _proxyauth_user(flow: http.HTTPFlow) -> str | None:
    credentials = flow.metadata.get("proxyauth")
    if isinstance(credentials, tuple) and credentials and isinstance(credentials[0], str):
        return credentials[0]
    return None


def _peer(flow: http.HTTPFlow) -> str | None:
    return flow.client_conn.peername[0] if flow.client_conn.peername else None
