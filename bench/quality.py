"""`make quality`: the mutation engine on real code found on this machine and on the fixtures:
leak rate, exact round trip, syntax preserved, throughput cold and with the history cached."""

from __future__ import annotations

import argparse
import json
import site
import sysconfig
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mutators.base import FieldKind, Syntax, TextField
from mutators.definitions import defined_names
from mutators.keep import is_kept
from mutators.languages import LANGUAGES, by_path, parse_errors, query
from mutators.mutator import WORD, IdentifierMutator
from mutators.pseudonym import Pseudonymizer

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("quality.json")
MAX_FILE = 256 * 1024
NPM = ROOT / "build" / "npm" / "node_modules"


@dataclass
class Tally:
    files: int = 0
    size: int = 0
    leaked_files: int = 0
    leaked_names: Counter[str] = field(default_factory=Counter)
    round_trip_failures: list[str] = field(default_factory=list)
    syntax_worse: list[str] = field(default_factory=list)
    python_compiles: int = 0
    python_compile_lost: list[str] = field(default_factory=list)
    seconds_cold: float = 0.0
    seconds_cached: float = 0.0

    def row(self, name: str) -> str:
        if not self.files:
            return f"{name:30} (none on this machine)"
        mb = self.size / 1e6
        return (
            f"{name:30} {self.files:6d} {mb:7.2f} {self.leaked_files / self.files:10.2%} "
            f"{1 - len(self.round_trip_failures) / self.files:11.2%} "
            f"{1 - len(self.syntax_worse) / self.files:12.2%} "
            f"{mb / self.seconds_cold:10.2f} {mb / self.seconds_cached:12.1f}"
        )


def corpus(limit: int) -> dict[str, list[Path]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    packages = Path(site.getsitepackages()[0])
    sources = {
        "python (standard library)": sorted(stdlib.glob("*.py")),
        "python (installed packages)": sorted((packages / "mitmproxy").rglob("*.py")),
        "javascript (npm's own code)": sorted(Path("/usr/lib/node_modules/npm/lib").rglob("*.js")),
        "typescript (rxjs sources)": sorted(p for p in NPM.rglob("*.ts") if not p.name.endswith(".d.ts")),
        "fixtures (16 languages)": sorted((ROOT / "tests" / "mutators" / "fixtures").rglob("sample.*")),
    }
    return {
        name: [p for p in paths if p.is_file() and p.stat().st_size <= MAX_FILE][:limit]
        for name, paths in sources.items()
    }


def measure(path: Path, pseudonymizer: Pseudonymizer, tally: Tally) -> None:
    language = by_path(path.name)
    try:
        source = path.read_text()
    except (UnicodeDecodeError, OSError):
        return
    if language is None:
        return
    text = TextField(("f",), source, FieldKind.TOOL_RESULT, source_path=str(path))
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
    defined = {n for n in defined_names(source, language.name) if not is_kept(n)}
    leaks = defined & set(WORD.findall(mutated))
    if leaks:
        tally.leaked_files += 1
        tally.leaked_names.update(leaks)
    if parse_errors(mutated, language.name) > parse_errors(source, language.name):
        tally.syntax_worse.append(str(path))
    if language.name == "python" and _compiles(source):
        tally.python_compiles += 1
        if not _compiles(mutated):
            tally.python_compile_lost.append(str(path))


def _compiles(code: str) -> bool:
    try:
        compile(code, "<quality>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def report(tallies: dict[str, Tally]) -> None:
    header = (
        f"{'corpus':30} {'files':>6} {'MB':>7} {'leak rate':>10} {'round trip':>11} "
        f"{'syntax kept':>12} {'cold MB/s':>10} {'cached MB/s':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, tally in tallies.items():
        print(tally.row(name))
    for name, tally in tallies.items():
        if tally.python_compiles:
            kept = 1 - len(tally.python_compile_lost) / tally.python_compiles
            print(f"  {name}: still compiles: {kept:.2%} of {tally.python_compiles} files that compiled")
        problems = (
            ("round trip failed", tally.round_trip_failures),
            ("more parse errors", tally.syntax_worse),
            ("no longer compiles", tally.python_compile_lost),
        )
        for what, items in problems:
            for item in items[:5]:
                print(f"  {name}: {what}: {item}")
        if tally.leaked_names:
            print(f"  {name}: leaked names: {tally.leaked_names.most_common(10)}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__)
    parser.add_argument("--limit", type=int, default=400, help="files per corpus (default 400)")
    arguments = parser.parse_args()
    pseudonymizer = Pseudonymizer(bytes(range(32)))
    for language in LANGUAGES:
        query(language.name)  # loading a grammar and compiling its query happen once per process
    tallies = {}
    for name, paths in corpus(arguments.limit).items():
        tally = Tally()
        for path in paths:
            measure(path, pseudonymizer, tally)
        tallies[name] = tally
    report(tallies)
    document = {name: {**vars(t), "leaked_names": dict(t.leaked_names)} for name, t in tallies.items()}
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nresults written to {RESULTS}")


if __name__ == "__main__":
    main()
