"""The relay's errors: none reaches a user; each ends one answer the safe way."""

from installation.errors import PretenseError


class RelayError(PretenseError):
    """Base of the relay's errors."""


class AnswerCut(RelayError):
    """The answer is cut off: the connection to mitmproxy is dropped without ending it."""
