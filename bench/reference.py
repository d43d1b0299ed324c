"""The names a file defines as found by a second, independent method, for `make quality`:
Universal Ctags, or for the languages it does not read, declarations matched lexically."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

CTAGS = {
    "python": "Python", "javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TypeScript",
    "java": "Java", "go": "Go", "rust": "Rust", "c": "C", "cpp": "C++", "c_sharp": "C#",
    "ruby": "Ruby", "php": "PHP", "kotlin": "Kotlin", "bash": "Sh", "sql": "SQL",
}  # fmt: skip
# Universal Ctags 5.9 has no Swift or Scala parser: their declarations, lexically.
_LEXICAL = {
    "swift": re.compile(
        r"\b(?:class|struct|enum|protocol|func|var|let|case|typealias|associatedtype)\s+`?([^\W\d]\w*)"
    ),
    "scala": re.compile(r"\b(?:class|object|trait|enum|def|val|var|type|given|case)\s+`?([^\W\d]\w*)"),
}
# Comments and string literals of those languages, where a declaration's words are prose.
_PROSE = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"', re.DOTALL)
# Tags Ctags makes of what is no definition: a macro invoked at a line's start in C and C++, a
# Ruby hash key (`RACK_INPUT => ...`), an object literal's key in JavaScript (`claims: {`).
_NOT_DEFINED = {
    # A macro invoked at a line's start (`PYBIND11_NAMESPACE_BEGIN(PYBIND11_NAMESPACE)`), read
    # by Ctags as a function without a return type.
    "c": r"^/\^\s*{name}\s*\(",
    "cpp": r"^/\^\s*{name}\s*\(",
    "ruby": r"\b{name}\s*=>",
    "javascript": r"^/\^\s*{name}\s*:",
    "typescript": r"^/\^\s*{name}\s*:",
    "tsx": r"^/\^\s*{name}\s*:",
}
# Tags of what a file uses rather than defines.
_REFERENCES = frozenset({"alias", "implementation", "import", "unknown", "externvar", "heredoc"})


def method(language: str) -> str:
    if language in _LEXICAL:
        return "declarations, lexically"
    return "Universal Ctags" if shutil.which("ctags") else "(ctags missing)"


def defined(language: str, paths: Sequence[Path]) -> list[set[str]]:
    """The names each file defines by the independent method."""
    if language in _LEXICAL:
        pattern = _LEXICAL[language]
        return [set(pattern.findall(_PROSE.sub(" ", _read(p)))) for p in paths]
    if not shutil.which("ctags") or not paths:
        return [set() for _ in paths]
    done = subprocess.run(
        [
            "ctags",
            "--output-format=json",
            "--fields=+K",
            f"--language-force={CTAGS[language]}",
            "-f",
            "-",
            "-L",
            "-",
        ],
        input="\n".join(str(p) for p in paths) + "\n",
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        check=False,
    )
    found: dict[str, set[str]] = {str(p): set() for p in paths}
    for line in done.stdout.splitlines():
        try:
            tag = json.loads(line)
        except json.JSONDecodeError:
            continue
        if tag.get("_type") != "tag" or tag.get("kind") in _REFERENCES or tag.get("path") not in found:
            continue
        false = _NOT_DEFINED.get(language)
        if false and re.search(false.format(name=re.escape(tag["name"])), tag.get("pattern", "")):
            continue
        found[tag["path"]].add(tag["name"])
    return [found[str(p)] for p in paths]


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except (UnicodeDecodeError, OSError):
        return ""
