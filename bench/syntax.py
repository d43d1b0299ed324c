"""Each language's own parser or compiler, for `make quality`: whether a file's text is still
accepted once mutated. Languages none of them serves are judged by tree-sitter's errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.corpus import NPM

HERE = Path(__file__).resolve().parent
_PSQL_COMMAND = re.compile(r"^\\[^\n]*$", re.MULTILINE)
_TIMEOUT = 60
# Names of the parsers the report shows, per language.
PARSERS = {
    "python": "CPython compile()",
    "javascript": "acorn (npm)",
    "typescript": "TypeScript's parser (npm)",
    "tsx": "TypeScript's parser (npm)",
    "java": "javac's parser (JavacTask.parse)",
    "go": "gofmt -e",
    "rust": "rustc -Z parse-crate-root-only",
    "c": "gcc -fsyntax-only",
    "cpp": "g++ -fsyntax-only -std=c++20",
    "c_sharp": "mcs --parse (Debian mono-mcs)",
    "ruby": "ruby -c",
    "php": "php -l",
    "bash": "bash -n",
    "sql": "pglast (PostgreSQL's parser), PostgreSQL files",
}


def available(language: str) -> bool:
    tool = {
        "javascript": "node",
        "typescript": "node",
        "tsx": "node",
        "java": "java",
        "go": "gofmt",
        "rust": "rustc",
        "c": "gcc",
        "cpp": "g++",
        "c_sharp": "mcs",
        "ruby": "ruby",
        "php": "php",
        "bash": "bash",
    }.get(language)
    if language in {"javascript", "typescript", "tsx"} and not (NPM / "typescript").is_dir():
        return False
    if language == "sql":
        try:
            import pglast  # noqa: F401
        except ImportError:
            return False
    return language in PARSERS and (tool is None or shutil.which(tool) is not None)


def accepted(language: str, paths: Sequence[Path], origins: Sequence[Path]) -> list[bool]:
    """Whether the parser of `language` accepts each file; `origins`: where each file's
    original lives (its includes are looked for beside it)."""
    if language == "python":
        return [_compiles(p) for p in paths]
    if language == "sql":
        return [_pglast(p) for p in paths]
    if language in {"javascript", "typescript", "tsx"}:
        return _batch(
            ["node", str(HERE / "parsers" / "syntax.mjs"), str(NPM)], [f"{language}\t{p}" for p in paths]
        )
    if language == "java":
        return _batch(["java", str(HERE / "parsers" / "JavaSyntax.java")], [str(p) for p in paths])
    command = _COMMANDS[language]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda pair: _runs(command(*pair)), zip(paths, origins, strict=True)))


def _compiles(path: Path) -> bool:
    try:
        compile(path.read_text(), str(path), "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _pglast(path: Path) -> bool:
    from pglast import parser

    # An extension script starts with psql's own commands (`\echo ... \quit`): not SQL.
    text = _PSQL_COMMAND.sub("", path.read_text())
    try:
        parser.parse_sql(text)
    except parser.ParseError:
        return False
    return True


def _batch(command: list[str], lines: list[str]) -> list[bool]:
    done = subprocess.run(
        command,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=_TIMEOUT * 10,
        check=True,
    )
    answers = done.stdout.split()
    return [answer == "ok" for answer in answers]


def _runs(command: list[str]) -> bool:
    try:
        # rustc's parser-only mode is unstable: RUSTC_BOOTSTRAP lets the stable toolchain run it.
        env = {**os.environ, "RUSTC_BOOTSTRAP": "1"} if command[0] == "rustc" else None
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False, env=env)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0 and not (command[0] == "gofmt" and done.stderr)


def _includes(origin: Path) -> list[str]:
    """The original's folder and each folder above it as include paths: a header includes
    its neighbours by paths relative to some folder of its package."""
    folders = [origin.parent, *list(origin.parents)[1:6]]
    # Debian puts a library's configured headers in a multiarch folder beside the others.
    folders += [arch for folder in folders[:3] for arch in folder.glob("*-linux-gnu")]
    folders += [folder / "include" for folder in folders if (folder / "include").is_dir()]
    return [f"-I{folder}" for folder in folders if folder != Path("/")] + [f"-iquote{origin.parent}"]


def _python_include() -> list[str]:
    import sysconfig

    return [f"-I{sysconfig.get_paths()['include']}"]


_COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "go": lambda path, _: ["gofmt", "-e", "-l", str(path)],
    "rust": lambda path, _: [
        "rustc", "-Z", "parse-crate-root-only", "--edition", "2021", "-o", os.devnull, str(path)
    ],
    "c": lambda path, origin: [
        "gcc", "-fsyntax-only", "-w", "-x", "c", *_python_include(), *_includes(origin), str(path)
    ],
    "cpp": lambda path, origin: [
        "g++", "-fsyntax-only", "-w", "-x", "c++", "-std=c++20", *_python_include(), *_includes(origin),
        str(path),
    ],
    "c_sharp": lambda path, _: ["mcs", "--parse", str(path)],
    "ruby": lambda path, _: ["ruby", "-c", str(path)],
    "php": lambda path, _: ["php", "-l", str(path)],
    "bash": lambda path, _: ["bash", "-n", str(path)],
}  # fmt: skip
