"""The errors the audit trail reports: each names the file and what to do."""

from __future__ import annotations

from installation.errors import PretenseError


class AuditError(PretenseError):
    """Base of the audit trail's errors."""


class TrailLocked(AuditError):
    """Another process is writing the same trail."""


class SigningKeyError(AuditError):
    """The checkpoint signing key (or its public half) cannot be read."""


class AnchorError(AuditError):
    """The anchors given to `verify` cannot be read."""


class PinnedKeyError(AuditError):
    """The public key is not the one pinned at `pretense init` (or none is pinned)."""


class KeyNotPinned(PinnedKeyError):
    """The public key given is not among the pinned ones: the key was replaced."""
