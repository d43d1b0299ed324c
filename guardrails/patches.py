"""The files a patch writes: Codex's apply_patch format (`*** Update File: path`) and
unified diffs (`+++ b/path`, `diff --git a/x b/y`)."""

from __future__ import annotations

import re

_CODEX = re.compile(r"^\*\*\* (?:Add|Update|Delete) File: (.+?)\s*$|^\*\*\* Move to: (.+?)\s*$", re.MULTILINE)
_UNIFIED = re.compile(r"^(?:\+\+\+|---) (?:[ab]/)?(.+?)(?:\t.*)?\s*$", re.MULTILINE)
_GIT = re.compile(r"^diff --git a/(.+?) b/(.+?)\s*$", re.MULTILINE)


def patched_files(patch: str) -> list[str]:
    """Every file a patch adds, changes, moves or deletes, in order, each once."""
    found: list[str] = []
    for match in _CODEX.finditer(patch):
        found.append(match.group(1) or match.group(2))
    for match in _GIT.finditer(patch):
        found += [match.group(1), match.group(2)]
    found += [m.group(1) for m in _UNIFIED.finditer(patch) if m.group(1) != "/dev/null"]
    return list(dict.fromkeys(found))


def is_patch(text: str) -> bool:
    return "*** Begin Patch" in text or text.lstrip().startswith(("diff --git ", "--- ", "Index: "))
