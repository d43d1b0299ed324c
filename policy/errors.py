"""The errors the policy core reports: each names the file, line and key to fix."""

from __future__ import annotations

from installation.errors import PretenseError


class PolicyError(PretenseError):
    """A policy file that cannot be used, with where the problem is."""

    def __init__(self, file: str, message: str, line: int | None = None, key: str | None = None):
        self.file = file
        self.line = line
        self.key = key
        where = file if line is None else f"{file}:{line}"
        what = f"{key}: {message}" if key else message
        super().__init__(f"{where}: {what}")
