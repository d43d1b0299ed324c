"""One AI request as the inspection receives it, and the verdict it returns: what the proxy
needs to forward or refuse it, restore its answer and write its audit record. Both are
plain values, so an inspection can run in another process."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mutators.base import NO_RESTORATION, Restoration
from policy.model import Decision, Tier
from providers.clients import ClientId
from providers.routes import Route


@dataclass(frozen=True, slots=True)
class Request:
    route: Route
    host: str
    """Where the bytes go (the connection's host)."""
    path: str
    """As sent, query included."""
    raw: bytes
    """The body as received, still content-encoded."""
    encoding: str = ""
    tagged: str | None = None
    """The repository `pretense run --repo` named in the proxy credentials."""
    user: str | None = None
    client: ClientId | None = None
    """The AI tool that sent it, as its headers say (the policy may approve only some)."""
    groups: frozenset[str] = frozenset()
    """The sender's groups (gateway sign-in, provisioned directory): policy exceptions name them."""


@dataclass(frozen=True, slots=True)
class Verdict:
    tier: Tier
    decision: Decision | None = None
    inspected: bool = True
    """False for an endpoint Pretense recognises but cannot read (Bedrock, an unknown path)."""
    blocked: str | None = None
    """Why the request must not leave, in words for the developer; None: forward it."""
    status: int = 403
    note: str | None = None
    """Why a request that is forwarded could not be read, where the tier lets it go."""
    raw: bytes | None = None
    """The body to forward, content-encoded as received; None: the body as received."""
    restoration: Restoration = NO_RESTORATION
    model: str = ""
    fields: int = 0
    unknown_fields: int = 0
    """Content strings outside the adapter's own fields: shapes it does not walk."""
    found: Mapping[str, int] = field(default_factory=dict)
    passed: Mapping[str, int] = field(default_factory=dict)
    fingerprints: Sequence[tuple[str, str]] = ()
    """(kind, keyed HMAC) of each secret or client-data value found."""
    identifiers: Sequence[str] = ()
    """Keyed HMACs of the names renamed: the names themselves never leave the inspection."""
    files: Sequence[str] = ()
    """Keyed HMACs of the file paths the request names, as it names them."""
    leak: str | None = None
    """What the egress check caught (where and what kind, never the value)."""
    sent_fingerprint: str | None = None
    """The audit trail's keyed HMAC of the body to forward (`raw`, or the body as received),
    made where the body is: a verdict remembered for the same bytes keeps it."""
    stages: Mapping[str, float] = field(default_factory=dict)
    """Milliseconds per stage, for the log and `make bench`."""

    @property
    def rewritten(self) -> bool:
        return self.raw is not None and self.blocked is None
