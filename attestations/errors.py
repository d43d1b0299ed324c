"""The errors of commit attestations: each says what is wrong and what to do."""

from __future__ import annotations

from installation.errors import PretenseError


class AttestationError(PretenseError):
    """Base of the errors of attestations, provenance and commit verification."""


class MalformedAttestation(AttestationError):
    """A trailer, envelope, statement or predicate that cannot be read as ours."""


class SignatureInvalid(AttestationError):
    """An envelope whose signature does not hold under the key it names: forged or altered."""


class UntrustedKey(AttestationError):
    """An envelope signed by a key that is not among the trusted ones."""


class KeyFileError(AttestationError):
    """A trusted-keys folder or key file that cannot be used."""


class GitError(AttestationError):
    """A git command that failed, with what git said."""


class ReviewsError(AttestationError):
    """Pull request reviews that cannot be read."""
