"""The errors Pretense reports to a user: each says what is wrong and what to do."""


class PretenseError(Exception):
    """Base of every error the CLI prints as one sentence."""
