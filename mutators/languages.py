"""The languages the mutation engine parses: each one's official tree-sitter grammar wheel,
its file extensions and fence tags, and its query file in `mutators/queries/`."""

from __future__ import annotations

import functools
import importlib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePosixPath

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
    """The query and keyword files' name when another language's serve (TSX is TypeScript's)."""
    plain_stems: tuple[str, ...] = ()
    """File stems the language gives its files whatever their module is called (`mod.rs`,
    `__init__.py`, `index.ts`): such a stem is not a module's name."""
    statements: str = ""
    """Where one statement ends, for a language whose grammar must not let one statement it
    cannot parse hide the rest of the file (SQL dumps of every dialect)."""
    dialect: tuple[str, str, str] = ("", "", "")
    """(language, extension, pattern): a file of this language with that extension whose text
    matches the pattern is written in that language instead (C++ in `.h` headers)."""
    recovery: str = ""
    """Declarations the language writes that the patterns all languages share miss, read
    where its grammar could not parse (one capture group per name)."""
    library_recovery: str = ""
    """A library's paths the language writes (`std::chrono::duration`), read where its
    grammar could not parse: every word of a match is the library's."""
    fold_case: bool = False
    """Its names and reserved words are the same in any case (SQL's `Album` and `ALBUM`,
    `where` and `WHERE`)."""


LANGUAGES: tuple[Language, ...] = (
    Language(
        "python", "tree_sitter_python", "language", (".py", ".pyi", ".pyw"), ("py", "python3"),
        r"^\s*(?:def \w+\(.*\):|class \w+[(:]|from [\w.]+ import |import \w+$|@\w+)|\bself\.",
        plain_stems=("__init__", "__main__", "conftest", "setup", "manage"),
    ),
    Language(
        "javascript", "tree_sitter_javascript", "language", (".js", ".mjs", ".cjs", ".jsx"),
        ("js", "jsx", "node", "javascript"),
        r"\b(?:function\s*\w*\(|const \w+ = |let \w+ = |require\(|module\.exports)|"
        r"=> ?[{(]|\bexport default\b",
        plain_stems=("index", "main", "cli"),
    ),
    Language(
        "typescript", "tree_sitter_typescript", "language_typescript", (".ts", ".mts", ".cts"), ("ts",),
        r"\b(?:interface \w+ \{|type \w+ = |: (?:string|number|boolean)\b|export (?:const|function|class) |"
        r"import \{[^}]*\} from )",
        plain_stems=("index", "main", "cli"),
    ),
    Language(
        "tsx", "tree_sitter_typescript", "language_tsx", (".tsx",), (),
        r"</?[A-Z]\w*[ />]|\breturn \(\s*$", "typescript",
        plain_stems=("index", "main"),
    ),
    Language(
        "java", "tree_sitter_java", "language", (".java",), (),
        r"\b(?:public|private|protected) (?:static |final )*(?:class|void|[A-Z]\w*(?:<[^>]*>)?) \w+|"
        r"^import java\.|^package [\w.]+;|System\.out\.",
    ),
    Language(
        "go", "tree_sitter_go", "language", (".go",), ("golang",),
        r"^package \w+$|^func (?:\(\w+ \*?\w+\) )?\w+\(|:= |\bfmt\.|^import \($",
        plain_stems=("main", "doc"),
    ),
    Language(
        "rust", "tree_sitter_rust", "language", (".rs",), ("rs",),
        r"\b(?:fn \w+\(|let mut |impl(?:<[^>]*>)? \w+|pub (?:fn|struct|enum) |use \w+::)|#\[derive",
        plain_stems=("mod", "lib", "main", "build"),
        library_recovery=r"(?<![\w:])(?:::)?(?:std|core|alloc)(?:::[^\W\d]\w*)+",
    ),
    Language(
        "c", "tree_sitter_c", "language", (".c", ".h"), (),
        r"^#include [<\"]|\b(?:int|void|char|static|struct \w+) \*?\w+\([^)]*\)\s*\{?$|\bprintf\(|->",
        plain_stems=("main",),
        dialect=(
            "cpp",
            ".h",
            r"^\s*(?:class \w+[^;(]*\{|namespace [\w:]*\s*\{|template\s*<|(?:public|private|protected):)|"
            r"\bstd::|\b(?:constexpr|nullptr|noexcept|typename)\b|^\s*#\s*include\s*<[a-z_]+>",
        ),
    ),
    Language(
        "cpp", "tree_sitter_cpp", "language", (".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"), ("c++", "cxx"),
        r"\bstd::|^#include <\w+>$|\bnamespace \w+|\btemplate ?<|\bclass \w+ (?:: public|\{)",
        plain_stems=("main",),
        # A function declared where a macro the grammar cannot expand (`ABSL_NAMESPACE_BEGIN`)
        # threw it off: a type, then the name and its parameters (`constexpr To implicit_cast(`).
        recovery=(
            r"(?m)^[ \t]*(?!(?:return|else|case|throw|new|delete|goto|co_return|co_yield|sizeof)\b)"
            r"(?:[\w:<>,*&]+[ \t*&]+)+([^\W\d]\w*)[ \t]*\("
        ),
        library_recovery=r"(?<![\w:])(?:::)?std(?:::[^\W\d]\w*)+",
    ),
    Language(
        "c_sharp", "tree_sitter_c_sharp", "language", (".cs",), ("csharp", "cs", "c#"),
        r"^using System|\bnamespace [\w.]+|\bpublic (?:async |static |override )*\w+(?:<[^>]*>)? \w+ ?\(|"
        r"\{ get; (?:set; )?\}",
        plain_stems=("Program", "AssemblyInfo"),
    ),
    Language(
        "ruby", "tree_sitter_ruby", "language", (".rb", ".rake"), ("rb",),
        r"^\s*(?:def \w+[?!]?(?:\(|$)|end$|require ['\"]|module \w+$|attr_\w+ :)|\bdo \|\w+\|",
        plain_stems=("spec_helper", "rails_helper"),
    ),
    Language(
        "php", "tree_sitter_php", "language_php", (".php",), (),
        r"<\?php|\$this->|\bfunction \w+\(\$|\$\w+ = ",
        plain_stems=("index",),
    ),
    Language(
        "kotlin", "tree_sitter_kotlin", "language", (".kt", ".kts"), ("kt",),
        r"\bfun \w+\(|\bval \w+(?:: \w+)? = |\bdata class |\bcompanion object\b",
        plain_stems=("build", "settings"),
    ),
    Language(
        "scala", "tree_sitter_scala", "language", (".scala", ".sc"), (),
        r"\bdef \w+(?:\[[^\]]*\])?\(.*\)(?:: \w+)? = |\bcase class |\bobject \w+ (?:extends|\{)|\bimplicit\b",
        plain_stems=("package", "build"),
    ),
    Language(
        "swift", "tree_sitter_swift", "language", (".swift",), (),
        r"\bfunc \w+\(|\bguard let |\bimport (?:Foundation|UIKit|SwiftUI)$|\bvar \w+: \w+|\bstruct \w+: ",
        plain_stems=("main", "Package"),
    ),
    Language(
        "bash", "tree_sitter_bash", "language", (".sh", ".bash"), ("sh", "shell", "zsh", "console"),
        r"^#!/\S*(?:ba|z)?sh|^\s*(?:if \[|fi$|then$|done$|esac$|export \w+=|echo )|\$\{\w+|\$\(",
    ),
    Language(
        "sql", "tree_sitter_sql", "language", (".sql",), ("postgresql", "mysql", "sqlite", "plsql"),
        r"(?i)\b(?:select .+ from|create (?:table|view|index|function)|insert into|update \w+ set|"
        r"join \w+ on)\b",
        statements=r";[ \t]*(?:--[^\n]*)?\n|^[ \t]*(?:GO|/)[ \t]*\n", fold_case=True,
        # A column of a table no dialect-neutral grammar reads (T-SQL's IDENTITY, Oracle's
        # NUMBER(10)): `[pool_name] varchar(30) NOT NULL,`.
        recovery=(
            r"(?im)^[ \t]*[\[\"`]?([^\W\d]\w*)[\]\"`]?[ \t]+(?:n?varchar2?|n?char|n?text|int(?:eger)?|"
            r"bigint|smallint|tinyint|serial|bigserial|numeric|decimal|number|float|real|double|bit|"
            r"bool(?:ean)?|date|datetime2?|smalldatetime|timestamp(?:tz)?|time|interval|uuid|"
            r"uniqueidentifier|blob|clob|bytea|money|inet|cidr|macaddr|json|jsonb|xml)\b"
        ),
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


def of_file(path: str, text: str) -> Language | None:
    """The language a file is written in: its extension's, or the dialect its text shows
    (a `.h` header written in C++)."""
    language = by_path(path)
    if (
        language is not None
        and language.dialect[0]
        and path.lower().endswith(language.dialect[1])
        and _DIALECTS[language.name].search(text)
    ):
        return _BY_NAME[language.dialect[0]]
    return language


def module_stem(path: str) -> str | None:
    """The module a code file's name gives (`src/ledger/accounts.py` -> `accounts`); None for
    a file that is not code, or whose stem its language gives every such file (`mod.rs`)."""
    language = by_path(path)
    if language is None:
        return None
    stem = PurePosixPath(path.replace("\\", "/")).stem
    return None if stem in language.plain_stems or is_reserved(stem, language.name) else stem


_SIGNALS = {language.name: re.compile(language.signals, re.MULTILINE) for language in LANGUAGES}
_DIALECTS = {
    language.name: re.compile(language.dialect[2], re.MULTILINE)
    for language in LANGUAGES
    if language.dialect[0]
}


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
def keywords(name: str) -> frozenset[str]:
    """The language's reserved words, hard and contextual, from `queries/<language>.keywords`
    (lower-cased where the language reserves them in any case)."""
    language = by_name(name)
    text = (resources.files("mutators") / "queries" / f"{language.queries or name}.keywords").read_text()
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(w.lower() for w in words) if language.fold_case else frozenset(words)


@functools.cache
def _reserved_prefixes(name: str) -> tuple[str, ...]:
    """`__*` in a keyword file: every word that starts so is reserved (C's `__builtin_expect`)."""
    return tuple(w[:-1] for w in keywords(name) if w.endswith("*"))


@functools.cache
def recovery(name: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The language's own declarations, and its library paths, to read where its grammar
    could not parse."""
    language = by_name(name)
    return (
        re.compile(language.recovery) if language.recovery else None,
        re.compile(language.library_recovery) if language.library_recovery else None,
    )


def is_reserved(word: str, name: str) -> bool:
    """Whether `word` is one of the language's reserved words: never renamed."""
    reserved = keywords(name)
    return (
        word in reserved
        or (by_name(name).fold_case and word.lower() in reserved)
        or word.startswith(_reserved_prefixes(name) or ("\x00",))
    )


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
