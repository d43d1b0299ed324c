"""The errors of the guardrails core: a tool call that cannot be judged is never released."""

from installation.errors import PretenseError


class GuardrailError(PretenseError):
    """Base of the errors raised while judging a tool call."""


class UnreadableCommand(GuardrailError):
    """A shell command that cannot be read as a shell would (a quote that never closes)."""
