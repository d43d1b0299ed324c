"""`make quality`: the mutation engine on real code in every language. Per language: leak of the
defined names a second method finds, round trip, syntax kept by its own parser, reserved words
and a library's names renamed, throughput cold and with the history cached."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import reference, syntax
from bench.corpus import QUALITY, ROOT, SOURCES, Source, files
from mutators.base import FieldKind, Syntax, TextField
from mutators.comments import comment_lines
from mutators.definitions import code_names, library_names, merge
from mutators.keep import is_kept
from mutators.languages import LANGUAGES, by_name, is_reserved, of_file, parse_errors, query
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.segments import code_segments

RESULTS = Path(__file__).with_name("quality.json")
OUT = QUALITY / "out"
_WORD = re.compile(r"\w+")
_NAME = re.compile(r"[^\W\d]\w*")

# Where code reaches a library, found lexically (independently of the engine's queries): each
# such span must reach the model as it was written.
_INCLUDE = r"^[ \t]*#[ \t]*include[ \t]*<[^>\n]+>"
_PACKAGE = r"""\brequire\([ \t]*['"][^.'"][^'"]*['"][ \t]*\)|\bfrom[ \t]+['"][^.'"][^'"]*['"]"""
LIBRARY_SPANS = {
    "c": (_INCLUDE,),
    "cpp": (_INCLUDE, r"\bstd::(?:\w+(?:<[^<>;{}]*>)?::)*\w+"),
    "rust": (r"\b(?:std|core|alloc)::(?:\w+::)*(?:\w+|\{[^}]*\})",),
    "python": (r"^[ \t]*import[ \t]+[\w.]+", r"^[ \t]*from[ \t]+\w[\w.]*[ \t]+import\b"),
    "javascript": (_PACKAGE,),
    "typescript": (_PACKAGE,),
    "tsx": (_PACKAGE,),
    "go": (r'^[ \t]*(?:import[ \t]+)?(?:\w+[ \t]+)?"[a-z0-9_]+(?:/[a-z0-9_]+)*"[ \t]*$',),
    "java": (r"^[ \t]*import[ \t]+(?:static[ \t]+)?(?:java|javax)\.[\w.*]+;",),
    "kotlin": (r"^[ \t]*import[ \t]+(?:java|javax|kotlin|kotlinx|android|androidx)\.[\w.*]+",),
    "scala": (r"^[ \t]*import[ \t]+(?:java|javax|scala)\.[\w.]+",),
    "c_sharp": (r"^[ \t]*using[ \t]+(?:static[ \t]+)?(?:System|Microsoft)[\w.]*[ \t]*;",),
    "swift": (r"^[ \t]*import[ \t]+\w+",),
    "ruby": (r"""^[ \t]*require[ \t]+['"][^'"]+['"]""",),
}
# What an import binds, whose members are the library's too (`os.environ`, `http.Header`).
_PACKAGE_IMPORT = r"""^[ \t]*import[ \t]+(?:type[ \t]+)?([^'";]*?)[ \t]+from[ \t]+['"][^.'"]"""
_BINDINGS = {
    "python": r"^[ \t]*import[ \t]+(?:[\w.]+[ \t]+as[ \t]+)?(\w+)[ \t]*$",
    "javascript": r"""\b(?:const|let|var)[ \t]+([\w{}, \t:]+?)[ \t]*=[ \t]*require\([ \t]*['"][^.'"]""",
    "typescript": _PACKAGE_IMPORT,
    "tsx": _PACKAGE_IMPORT,
    "go": r'^[ \t]*(?:import[ \t]+)?"(?:[a-z0-9_]+/)*([a-z0-9_]+)"[ \t]*$',
    "rust": r"^[ \t]*(?:pub(?:\([\w:]+\))?[ \t]+)?use[ \t]+(?:std|core|alloc)::(?:\w+::)*(\w+)[ \t]*;",
}
# How a member is reached through what an import binds.
_SEPARATOR = {"rust": "::"}


@dataclass
class Tally:
    """What one language's files measured, added up."""

    sources: list[str] = field(default_factory=list)
    files: int = 0
    size: int = 0
    reference: int = 0
    library_kept: int = 0
    leaked: Counter[str] = field(default_factory=Counter)
    leaked_in: dict[str, str] = field(default_factory=dict)
    leaked_count: int = 0
    round_trip_failures: list[str] = field(default_factory=list)
    tree_sitter_worse: list[str] = field(default_factory=list)
    parser_judged: set[str] = field(default_factory=set)
    """Files the language's own parser judged: tree-sitter's errors count for the others."""
    parser_accepted: int = 0
    parser_lost: list[str] = field(default_factory=list)
    reserved_renamed: Counter[str] = field(default_factory=Counter)
    library_renamed: Counter[str] = field(default_factory=Counter)
    library_renamed_in: dict[str, str] = field(default_factory=dict)
    seconds_cold: float = 0.0
    seconds_cached: float = 0.0


@dataclass
class Measured:
    """One file, measured in process; its syntax is checked after, in batches."""

    path: Path
    mutated: Path
    language: str
    library: frozenset[str] = frozenset()
    """What the engine keeps of the file as a library's (`push_back` of a `std::vector`)."""


def measure(
    path: Path,
    language: str,
    first_party: tuple[str, ...],
    pseudonymizer: Pseudonymizer,
    tally: Tally,
    out: Path,
) -> Measured | None:
    try:
        source = path.read_text()
    except (UnicodeDecodeError, OSError):
        return None
    suffix = by_name(language).extensions[0]
    # A file without an extension (a completion script) is named as the tool would see it.
    source_path = str(path) if of_file(str(path), source) else str(path) + suffix
    text = TextField(("f",), source, FieldKind.TOOL_RESULT, source_path=source_path)
    engine = IdentifierMutator(pseudonymizer)  # a fresh one: nothing of this file remembered
    started = time.perf_counter()
    rewrite = engine.apply([text])
    tally.seconds_cold += time.perf_counter() - started
    started = time.perf_counter()
    engine.apply([text])  # the same block resent in the next turn
    tally.seconds_cached += time.perf_counter() - started
    mutated = rewrite.texts[0]
    tally.files += 1
    tally.size += len(source.encode())
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    if restorer.feed(mutated) + restorer.flush() != source:
        tally.round_trip_failures.append(str(path))
    tally.reserved_renamed.update(n for n in rewrite.renamed if is_reserved(n, language))
    renamed = _library_renamed(source, mutated, language, {path.stem, *first_party})
    tally.library_renamed.update(renamed)
    for word in renamed:
        tally.library_renamed_in.setdefault(word, str(path))
    if parse_errors(mutated, language) > parse_errors(source, language):
        tally.tree_sitter_worse.append(str(path))
    target = out / f"{tally.files:05d}_{path.name}"
    target.write_text(mutated)
    found = merge(code_names(s.code, s.language) for s in code_segments(text))
    return Measured(path, target, language, library_names(found))


def _bound(source: str, language: str) -> set[str]:
    """The names a file's library imports bind (`{ join, resolve as r }` binds join and r)."""
    binding = _BINDINGS.get(language)
    if binding is None:
        return set()
    bound: set[str] = set()
    for clause in re.findall(binding, source, re.MULTILINE):
        bound |= {m[1] or m[0] for m in re.findall(r"(\w+)(?:[ \t]+as[ \t]+(\w+))?", clause)} - {"as", "type"}
    return bound


def _library_spans(source: str, language: str) -> list[tuple[re.Pattern[str], int]]:
    """Each pattern of a library span, with how many of its first words are the file's own
    choice (the local name an import binds: `np` in `np.array`, which a file may rename)."""
    patterns = [(re.compile(p, re.MULTILINE), 0) for p in LIBRARY_SPANS.get(language, ())]
    bound = _bound(source, language)
    if bound:
        names = "|".join(re.escape(b) for b in sorted(bound))
        separator = re.escape(_SEPARATOR.get(language, "."))
        patterns.append((re.compile(rf"(?<![\w.:])(?:{names})(?:{separator}\w+)+"), 1))
    return patterns


def _library_renamed(source: str, mutated: str, language: str, first_party: set[str]) -> list[str]:
    """The words of library spans that did not reach the model as written (line by line:
    renaming never adds or removes a line); an import of `first_party` code is none."""
    renamed: list[str] = []
    patterns = _library_spans(source, language)
    if not patterns:
        return renamed
    comments = {line.strip() for line in comment_lines(source, language)}
    imports = _import_lines(source, language)
    for number, (before, after) in enumerate(zip(source.split("\n"), mutated.split("\n"), strict=True)):
        # A library's name in a comment is prose: the model does not read it as code.
        if before == after or before.strip() in comments or (imports is not None and number not in imports):
            continue
        kept = set(_WORD.findall(after))
        for pattern, own in patterns:
            for match in pattern.finditer(before):
                words = _WORD.findall(_TEMPLATE_ARGUMENTS.sub("", match.group()))
                # An import of the source's own code, or of the file itself, names no library.
                if not first_party.intersection(words[:2]):
                    renamed += [w for w in words[own:] if w not in kept]
    return renamed


# A template's arguments are not the library's (`std::basic_string<Char>`: `Char` is the file's).
_TEMPLATE_ARGUMENTS = re.compile(r"<[^<>]*>")
_GO_IMPORTS = re.compile(r"^import[ \t]*(?:\([^)]*\)|[^\n]*)", re.MULTILINE)


def _import_lines(source: str, language: str) -> set[int] | None:
    """For Go, the lines of its import declarations (a string alone on a line elsewhere is
    data); None where library spans may be on any line."""
    if language != "go":
        return None
    lines: set[int] = set()
    for match in _GO_IMPORTS.finditer(source):
        first = source.count("\n", 0, match.start())
        lines.update(range(first, first + match.group().count("\n") + 1))
    return lines


def _library_words(source: str, language: str) -> set[str]:
    """The words of library spans, and the names imports bind (`const npa = require('npa')`)."""
    words = {
        w
        for p, _ in _library_spans(source, language)
        for m in p.finditer(source)
        for w in _WORD.findall(m.group())
    }
    return words | _bound(source, language)


def leaks(measured: list[Measured], language: str, tally: Tally) -> None:
    """Names the second method finds defined, less the kept, the reserved and the library's,
    that are still in the text sent. Those the engine keeps as a library's are counted apart."""
    found = reference.defined(language, [m.path for m in measured])
    fold = by_name(language).fold_case  # SQL: `album` is the table `Album`
    for item, names in zip(measured, found, strict=True):
        source = item.path.read_text()
        library = _library_words(source, language)
        own = {
            n
            for n in names
            if _NAME.fullmatch(n) and not is_kept(n) and not is_reserved(n, language) and n not in library
        }
        tally.library_kept += len(own & item.library)
        own -= item.library
        sent = set(_WORD.findall(item.mutated.read_text()))
        if fold:
            sent = {w.lower() for w in sent}
        leaked = {n for n in own if (n.lower() if fold else n) in sent}
        tally.reference += len(own)
        tally.leaked_count += len(leaked)
        tally.leaked.update(leaked)
        for name in leaked:
            tally.leaked_in.setdefault(name, str(item.path))


def check_syntax(
    measured: list[Measured],
    language: str,
    sources: dict[Path, Source],
    pseudonymizer: Pseudonymizer,
    tally: Tally,
) -> None:
    if not measured or not syntax.available(language):
        return
    if language == "sql":
        measured = [m for m in measured if sources[m.path].postgres]
    origins = [m.path for m in measured]
    if language in _WHOLE_PACKAGE:
        # A C or C++ file cannot be parsed without the headers it includes: its package is
        # renamed as one request (as an indexed repository is), and the check reads that copy.
        step = max(1, len(measured) // _WHOLE_PACKAGE[language])
        measured = measured[::step][: _WHOLE_PACKAGE[language]]
        origins = [m.path for m in measured]
        mirrored = _renamed_packages(measured, language, sources, pseudonymizer)
        measured = [Measured(m.path, mirrored[m.path], language) for m in measured]
    originals = syntax.accepted(language, [m.path for m in measured], origins)
    mutated = syntax.accepted(language, [m.mutated for m in measured], [m.mutated for m in measured])
    for item, before, after in zip(measured, originals, mutated, strict=True):
        tally.parser_judged.add(str(item.path))
        if before:
            tally.parser_accepted += 1
            if not after:
                tally.parser_lost.append(str(item.path))


_WHOLE_PACKAGE = {"c": 40, "cpp": 40}
"""Languages checked with their package renamed as one request, and how many files of each."""
_C_FAMILY = (".h", ".hpp", ".hh", ".hxx", ".inc", ".c", ".cc", ".cpp", ".cxx")


def _renamed_packages(
    measured: list[Measured], language: str, sources: dict[Path, Source], pseudonymizer: Pseudonymizer
) -> dict[Path, Path]:
    """Each measured file's copy in its package renamed as one request (under OUT)."""
    packages = {sources[m.path].root / m.path.relative_to(sources[m.path].root).parts[0] for m in measured}
    mirrored: dict[Path, Path] = {}
    for top in sorted(packages):
        # A fixture is a package of one file.
        package = top.parent if top.is_file() else top
        paths = (
            [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file() and p.suffix in _C_FAMILY]
        )
        texts = {p: p.read_text(errors="replace") for p in paths}
        fields = [TextField(("f",), t, FieldKind.TOOL_RESULT, source_path=str(p)) for p, t in texts.items()]
        names = IdentifierMutator(pseudonymizer).names(fields)
        target = OUT / f"{language}-packages" / package.name
        for text, path in zip(fields, texts, strict=True):
            # Exactly the request's names: not the ones this file alone would add.
            alone = IdentifierMutator(pseudonymizer).names([text]) - names
            engine = IdentifierMutator(pseudonymizer, always=frozenset(names), never=frozenset(alone))
            # Paths are renamed too, as in the request: `#include "absl/base/config.h"` then
            # names the folders' pseudonyms.
            place = TextField(("p",), str(path.relative_to(package)), FieldKind.MESSAGE)
            renamed, where = engine.apply([text, place]).texts
            copy = target / where
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(renamed)
            mirrored[path] = copy
    return mirrored


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.2%}" if whole else "-"


def report(tallies: dict[str, Tally]) -> None:
    header = (
        f"{'language':11} {'files':>5} {'MB':>6} {'leak':>7} {'names':>6} {'as lib':>6} {'round trip':>10} "
        f"{'syntax kept':>11} {'of':>4} {'ts kept':>8} {'reserved':>8} {'library':>7} {'cold MB/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, t in tallies.items():
        if not t.files:
            print(f"{name:11} (no corpus on this machine: {'; '.join(t.sources)})")
            continue
        mb = t.size / 1e6
        worse = [p for p in t.tree_sitter_worse if p not in t.parser_judged]
        unjudged = t.files - len(t.parser_judged)
        parser = _percent(t.parser_accepted - len(t.parser_lost), t.parser_accepted)
        print(
            f"{name:11} {t.files:5d} {mb:6.2f} {_percent(t.leaked_count, t.reference):>7} {t.reference:6d} "
            f"{t.library_kept:6d} "
            f"{_percent(t.files - len(t.round_trip_failures), t.files):>10} {parser:>11} "
            f"{t.parser_accepted:4d} {_percent(unjudged - len(worse), unjudged):>8} "
            f"{sum(t.reserved_renamed.values()):8d} {sum(t.library_renamed.values()):7d} "
            f"{mb / max(t.seconds_cold, 1e-9):9.2f}"
        )
    print(
        "\nleak: share of the defined names the second method finds (less the generic keep-list,"
        "\nreserved words, names written in a library span and, counted apart in 'as lib', those the"
        "\nengine keeps as a library's) still in the text sent; syntax kept: of"
        "\nthe files the language's own parser accepts, those it still accepts mutated; ts kept: of the"
        "\nfiles no such parser judged, those whose tree-sitter errors did not grow (all files' counts"
        "\nare in quality.json); reserved, library: renamed reserved words, and words"
        "\nof library spans changed.\n"
    )
    for name, t in tallies.items():
        if not t.files:
            continue
        print(f"{name}: {'; '.join(t.sources)}")
        print(f"  parser: {syntax.PARSERS.get(name, 'none here: tree-sitter errors')}; "
              f"definitions: {reference.method(name)}")  # fmt: skip
        problems = (
            ("round trip failed", t.round_trip_failures),
            ("rejected by its parser once mutated", t.parser_lost),
            ("more tree-sitter errors", [p for p in t.tree_sitter_worse if p not in t.parser_judged]),
        )
        for what, items in problems:
            for item in items[:3]:
                print(f"  {what}: {item}")
        for what, counter in (("leaked", t.leaked), ("reserved renamed", t.reserved_renamed),
                              ("library renamed", t.library_renamed)):  # fmt: skip
            if counter:
                print(f"  {what}: {counter.most_common(8)}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__)
    parser.add_argument("--limit", type=int, default=150, help="files per source (default 150)")
    parser.add_argument("--language", action="append", help="measure only these languages")
    arguments = parser.parse_args()
    pseudonymizer = Pseudonymizer(bytes(range(32)))
    for language in LANGUAGES:
        query(language.name)  # loading a grammar and compiling its query happen once per process
    shutil.rmtree(OUT, ignore_errors=True)
    tallies: dict[str, Tally] = {}
    fixtures = ROOT / "tests" / "mutators" / "fixtures"
    for language in LANGUAGES:
        if arguments.language and language.name not in arguments.language:
            continue
        tally = tallies.setdefault(language.name, Tally())
        out = OUT / language.name
        out.mkdir(parents=True)
        chosen: dict[Path, Source] = {}
        for source in (s for s in SOURCES if s.language == language.name):
            found = files(source, arguments.limit)
            tally.sources.append(f"{source.label}: {len(found)}" if found else f"{source.label}: absent")
            chosen |= dict.fromkeys(found, source)
        fixture = Source(language.name, "fixture", fixtures / language.name, ("sample.*",))
        chosen |= dict.fromkeys(files(fixture, 1), fixture)
        started = time.perf_counter()
        measured = [
            m
            for p, s in chosen.items()
            if (m := measure(p, language.name, s.first_party, pseudonymizer, tally, out))
        ]
        mutated = time.perf_counter()
        leaks(measured, language.name, tally)
        referenced = time.perf_counter()
        check_syntax(measured, language.name, chosen, pseudonymizer, tally)
        print(
            f"{language.name}: {len(measured)} files, mutated in {mutated - started:.1f} s, second method "
            f"{referenced - mutated:.1f} s, parser {time.perf_counter() - referenced:.1f} s",
            flush=True,
        )
    report(tallies)
    document = {
        name: {
            **{k: v for k, v in vars(t).items() if not isinstance(v, Counter | set)},
            **{k: dict(v.most_common(50)) for k, v in vars(t).items() if isinstance(v, Counter)},
        }
        for name, t in tallies.items()
    }
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nresults written to {RESULTS}")


if __name__ == "__main__":
    main()
