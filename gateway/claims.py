"""Who a verified sign-in token names: the subject, the user name the policy and the trail
use, the e-mail address and the groups, as the identity provider's claims give them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SignedIn:
    issuer: str
    subject: str
    user: str
    """The name the policy, approvals and the trail know the person by."""
    email: str | None
    groups: frozenset[str]
    expires: float
    """Epoch seconds: the token's `exp`."""


@dataclass(frozen=True, slots=True)
class ClaimNames:
    """Which claims hold the user name and the groups (the identity providers differ)."""

    user: str = "preferred_username"
    groups: str = "groups"
    email: str = "email"


def signed_in(claims: Mapping[str, Any], names: ClaimNames) -> SignedIn:
    """The identity in verified claims; the user name falls back to the e-mail, then the subject."""
    subject = str(claims["sub"])
    email = _text(claims.get(names.email))
    user = _text(claims.get(names.user)) or email or subject
    return SignedIn(
        issuer=str(claims["iss"]),
        subject=subject,
        user=user,
        email=email,
        groups=_groups(claims.get(names.groups)),
        expires=float(claims["exp"]),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _groups(value: object) -> frozenset[str]:
    """A list of names (Okta, Keycloak, Entra's group ids or names), or one name."""
    if isinstance(value, str):
        return frozenset({value}) if value else frozenset()
    if isinstance(value, list | tuple):
        return frozenset(str(g) for g in value if isinstance(g, str | int) and str(g))
    return frozenset()
