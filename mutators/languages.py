"""The languages the mutation engine parses: each one's official tree-sitter grammar wheel,
its file extensions and fence tags, and its query file in `mutators/queries/`."""

from __future__ import annotations

import functools
import importlib
import os
import re
from dataclasses import dataclass
from importlib import resources

import tree_sitter


@dataclass(frozen=True, slots=True)
class Language:
    name: str
    module: str
    function: str
    extensions: tuple[str, ...]
    tags: tuple[str, ...]
    """Markdown fence tags besides the name itself."""
    signals: str
    """A regular expression for constructs typical of the language, to pick which grammars to
    try on code that says nothing of its language."""
    queries: str = ""
    """The query file's name when another language's serves (TSX is TypeScript's)."""


LANGUAGES: tuple[Language, ...] = (
    Language(
        "python", "tree_sitter_python", "language", (".py", ".pyi", ".pyw"), ("py", "python3"),
        r"^\s*(?:def \w+\(.*\):|class \w+[(:]|from [\w.]+ import |import \w+$|@\w+)|\bself\.",
    ),
    Language(
        "javascript", "tree_sitter_javascript", "language", (".js", ".mjs", ".cjs", ".jsx"),
        ("js", "jsx", "node", "javascript"),
        r"\b(?:function\s*\w*\(|const \w+ = |let \w+ = |require\(|module\.exports)|"
        r"=> ?[{(]|\bexport default\b",
    ),
    Language(
        "typescript", "tree_sitter_typescript", "language_typescript", (".ts", ".mts", ".cts"), ("ts",),
        r"\b(?:interface \w+ \{|type \w+ = |: (?:string|number|boolean)\b|export (?:const|function|class) |"
        r"import \{[^}]*\} from )",
    ),
    Language(
        "tsx", "tree_sitter_typescript", "language_tsx", (".tsx",), (),
        r"</?[A-Z]\w*[ />]|\breturn \(\s*$", "typescript",
    ),
    Language(
        "java", "tree_sitter_java", "language", (".java",), (),
        r"\b(?:public|private|protected) (?:static |final )*(?:class|void|[A-Z]\w*(?:<[^>]*>)?) \w+|"
        r"^import java\.|^package [\w.]+;|System\.out\.",
    ),
    Language(
        "go", "tree_sitter_go", "language", (".go",), ("golang",),
        r"^package \w+$|^func (?:\(\w+ \*?\w+\) )?\w+\(|:= |\bfmt\.|^import \($",
    ),
    Language(
        "rust", "tree_sitter_rust", "language", (".rs",), ("rs",),
        r"\b(?:fn \w+\(|let mut |impl(?:<[^>]*>)? \w+|pub (?:fn|struct|enum) |use \w+::)|#\[derive",
    ),
    Language(
        "c", "tree_sitter_c", "language", (".c", ".h"), (),
        r"^#include [<\"]|\b(?:int|void|char|static|struct \w+) \*?\w+\([^)]*\)\s*\{?$|\bprintf\(|->",
    ),
    Language(
        "cpp", "tree_sitter_cpp", "language", (".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"), ("c++", "cxx"),
        r"\bstd::|^#include <\w+>$|\bnamespace \w+|\btemplate ?<|\bclass \w+ (?:: public|\{)",
    ),
    Language(
        "c_sharp", "tree_sitter_c_sharp", "language", (".cs",), ("csharp", "cs", "c#"),
        r"^using System|\bnamespace [\w.]+|\bpublic (?:async |static |override )*\w+(?:<[^>]*>)? \w+ ?\(|"
        r"\{ get; (?:set; )?\}",
    ),
    Language(
        "ruby", "tree_sitter_ruby", "language", (".rb", ".rake"), ("rb",),
        r"^\s*(?:def \w+[?!]?(?:\(|$)|end$|require ['\"]|module \w+$|attr_\w+ :)|\bdo \|\w+\|",
    ),
    Language(
        "php", "tree_sitter_php", "language_php", (".php",), (),
        r"<\?php|\$this->|\bfunction \w+\(\$|\$\w+ = ",
    ),
    Language(
        "kotlin", "tree_sitter_kotlin", "language", (".kt", ".kts"), ("kt",),
        r"\bfun \w+\(|\bval \w+(?:: \w+)? = |\bdata class |\bcompanion object\b",
    ),
    Language(
        "scala", "tree_sitter_scala", "language", (".scala", ".sc"), (),
        r"\bdef \w+(?:\[[^\]]*\])?\(.*\)(?:: \w+)? = |\bcase class |\bobject \w+ (?:extends|\{)|\bimplicit\b",
    ),
    Language(
        "swift", "tree_sitter_swift", "language", (".swift",), (),
        r"\bfunc \w+\(|\bguard let |\bimport (?:Foundation|UIKit|SwiftUI)$|\bvar \w+: \w+|\bstruct \w+: ",
    ),
    Language(
        "bash", "tree_sitter_bash", "language", (".sh", ".bash"), ("sh", "shell", "zsh", "console"),
        r"^#!/\S*(?:ba|z)?sh|^\s*(?:if \[|fi$|then$|done$|esac$|export \w+=|echo )|\$\{\w+|\$\(",
    ),
    Language(
        "sql", "tree_sitter_sql", "language", (".sql",), ("postgresql", "mysql", "sqlite", "plsql"),
        r"(?i)\b(?:select .+ from|create (?:table|view|index|function)|insert into|update \w+ set|"
        r"join \w+ on)\b",
    ),
)  # fmt: skip

_BY_NAME = {language.name: language for language in LANGUAGES}
_BY_TAG = {tag: language for language in LANGUAGES for tag in (language.name, *language.tags)}
_BY_EXTENSION = {ext: language for language in LANGUAGES for ext in language.extensions}


def by_name(name: str) -> Language:
    return _BY_NAME[name]


def by_tag(tag: str) -> Language | None:
    """The language a markdown fence names (```python, ```ts, ...)."""
    return _BY_TAG.get(tag.strip().lower())


def by_path(path: str) -> Language | None:
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower())


_SIGNALS = {language.name: re.compile(language.signals, re.MULTILINE) for language in LANGUAGES}


def likely(code: str, most: int = 3) -> list[str]:
    """The languages whose typical constructs `code` shows most, best first (at most `most`)."""
    scores = {name: len(pattern.findall(code)) for name, pattern in _SIGNALS.items()}
    ranked = sorted((name for name, score in scores.items() if score), key=lambda n: -scores[n])
    return ranked[:most]


@functools.cache
def grammar(name: str) -> tree_sitter.Language:
    language = by_name(name)
    module = importlib.import_module(language.module)
    return tree_sitter.Language(getattr(module, language.function)())


@functools.cache
def query(name: str) -> tree_sitter.Query:
    file = by_name(name).queries or name
    source = (resources.files("mutators") / "queries" / f"{file}.scm").read_text()
    return tree_sitter.Query(grammar(name), source)


@functools.cache
def parser(name: str) -> tree_sitter.Parser:
    """One parser per language, reused: the suite parses on one thread (the event loop)."""
    return tree_sitter.Parser(grammar(name))


def parse_errors(code: str, name: str) -> int:
    """How many ERROR and MISSING nodes the grammar of `name` finds in `code`."""
    tree = parser(name).parse(code.encode())
    count, stack = 0, [tree.root_node]
    while stack:
        node = stack.pop()
        count += node.is_error or node.is_missing
        if node.has_error:
            stack.extend(node.children)
    return count
