"""The SCIM 2.0 endpoint (RFC 7643/7644) the firm's identity provider provisions the gateway
through: Users and Groups, filters on `userName` and `externalId`, PATCH (Entra ID's
`active: "False"` too), DELETE, the discovery resources; scim2-server serves the protocol
over the shared directory file, behind one bearer token."""

from __future__ import annotations

import hmac
from pathlib import Path

from scim2_models import UnauthorizedException
from scim2_server.applications.wsgi import WSGIApplication
from scim2_server.requests import ScimRequest
from scim2_server.service import ScimService
from scim2_server.testserver.application import BEARER_TOKEN_SCHEME
from scim2_server.utils import load_default_provider

from gateway.directory import DirectoryFile, DirectoryStorage
from gateway.errors import GatewayError

MIN_TOKEN_CHARS = 32


def read_scim_token(path: Path) -> str:
    """The bearer token the identity provider presents, from its file (never on a command line)."""
    try:
        token = path.read_text().strip()
    except OSError as e:
        raise GatewayError(f"cannot read the SCIM token file {path} ({e.strerror})") from e
    if len(token) < MIN_TOKEN_CHARS:
        raise GatewayError(
            f"the SCIM token in {path} is shorter than {MIN_TOKEN_CHARS} characters: "
            "make one with `openssl rand -hex 32`"
        )
    return token


class ScimEndpoint(WSGIApplication):
    """scim2-server's WSGI application over the directory, refusing requests without the token."""

    def __init__(self, file: DirectoryFile, token: str) -> None:
        provider = load_default_provider()
        if provider.config is not None:
            provider.config.authentication_schemes = [BEARER_TOKEN_SCHEME]
        # Cursors are not announced by the default configuration; the secret only signs them.
        super().__init__(DirectoryStorage(file, provider), provider, ScimService(provider, secret=token))
        self._token = token.encode()

    def check_auth(self, request: ScimRequest) -> None:
        scheme, _, token = (request.header("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self._token):
            raise UnauthorizedException
