"""The errors of the gateway's sign-in and directory: each says what is wrong and what to do."""

from __future__ import annotations

from installation.errors import PretenseError


class GatewayError(PretenseError):
    """Base of the gateway's errors."""


class TokenRejected(GatewayError):
    """A sign-in token that does not prove who sent the request: missing, expired, for another
    audience or issuer, or signed by a key the issuer no longer publishes."""


class KeysUnavailable(GatewayError):
    """The issuer's signing keys cannot be had (discovery or JWKS unreachable, none cached in
    their lifetime): no token can be checked, so none is accepted."""


class SignInFailed(GatewayError):
    """`pretense login` did not end with tokens: refused, expired, or the issuer unreachable."""


class DirectoryError(GatewayError):
    """The provisioned users and groups cannot be read: nobody is admitted until they can."""
