"""Globs as the policy writes them: `**` spans directories, `~` is the user's home."""

from __future__ import annotations

import functools
import os
import re


def expand(path: str) -> str:
    return os.path.expanduser(path).replace("\\", "/")


@functools.lru_cache(maxsize=1024)
def glob(pattern: str, segments: bool = True) -> re.Pattern[str]:
    """A glob as a regular expression: `**` spans directories, `*` and `?` stay within one
    (anywhere when `segments` is false, as in URLs)."""
    pattern = expand(pattern)
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*" if segments else ".*")
        elif char == "?":
            out.append("[^/]" if segments else ".")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                out.append(pattern[i : end + 1])
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out).rstrip("/") if segments else "".join(out))


def valid_glob(pattern: str) -> bool:
    try:
        glob(pattern)
    except re.error:
        return False
    return True
