"""`pretense index PATH`: an inventory of the identifiers a repository defines, kept on
this machine only (a file readable by its owner alone, in the Pretense home).

It serves twice: a request whose code uses enough of one repository's names is attributed
to that repository (attribution source 4), and in the restricted tier those names are
renamed even where the request holds no definition of them (a model asked about
`AccountHolder` without its class in view).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from installation.errors import PretenseError
from mutators.definitions import code_names, library_names
from mutators.keep import is_kept
from mutators.languages import by_path, is_reserved, module_stem, of_file
from policy.worktree import files_under

MAX_FILE = 512 * 1024
MIN_NAME = 6  # shorter names say too little about where code comes from
MIN_SHARED = 3  # names a request must share with one inventory to be attributed by it
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]{5,}")


@dataclass(frozen=True)
class Inventory:
    name: str
    root: str
    names: frozenset[str]
    files: Mapping[str, FileNames] = field(default_factory=dict)
    """What each source file gave, by path relative to the root: a rebuild parses only the
    files whose size or time changed."""
    complete: bool = True
    """False when the build stopped at its bounds (time, files, bytes)."""


@dataclass(frozen=True)
class FileNames:
    mtime_ns: int
    size: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Bounds:
    seconds: float = 120.0
    files: int = 50_000
    bytes: int = 512 << 20


def source_files(root: Path) -> Iterator[Path]:
    """The repository's source files: what git tracks (and would track), else a walk of the
    tree; vendored folders skipped."""
    return (path for path in files_under(root) if by_path(path.name) is not None)


def build(root: Path, previous: Inventory | None = None, bounds: Bounds = Bounds()) -> Inventory:
    """The distinctive names the repository's code defines, its modules' names among them;
    what `previous` holds of a file unchanged since is taken as it is."""
    known = dict(previous.files) if previous is not None and previous.root == str(root) else {}
    files: dict[str, FileNames] = {}
    deadline = time.monotonic() + bounds.seconds
    read = 0
    complete = True
    for path in source_files(root):
        if len(files) >= bounds.files or read > bounds.bytes or time.monotonic() > deadline:
            complete = False
            break
        relative = path.relative_to(root).as_posix()
        try:
            stat = path.stat()
        except OSError:
            continue
        kept = known.get(relative)
        if kept is not None and (kept.mtime_ns, kept.size) == (stat.st_mtime_ns, stat.st_size):
            files[relative] = kept
            continue
        found = _names_of(path, stat.st_size)
        if found is None:
            continue
        read += stat.st_size
        files[relative] = FileNames(stat.st_mtime_ns, stat.st_size, tuple(sorted(found)))
    names = frozenset(n for entry in files.values() for n in entry.names)
    return Inventory(root.name, str(root), names, files, complete)


def _names_of(path: Path, size: int) -> set[str] | None:
    """The names a file defines, as a request holding it would rename them: less its
    language's reserved words and what its code reaches through a library (an inventory's
    names are renamed wherever they appear, so a library's must never be among them)."""
    if by_path(path.name) is None or size > MAX_FILE:
        return None
    try:
        code = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    language = of_file(path.name, code)
    assert language is not None
    found = code_names(code, language.name)
    stem = module_stem(path.name)
    names = (found.defined - library_names(found)) | ({stem} if stem else set())
    return {n for n in names if len(n) >= MIN_NAME and not is_kept(n) and not is_reserved(n, language.name)}


def reindex(home_root: Path, root: Path, name: str, bounds: Bounds = Bounds()) -> tuple[Inventory, Path]:
    """Build `root`'s inventory again (reading only what changed since the saved one) and
    save it under `name` in the home."""
    existing = file_of(home_root, name)
    previous = read(existing) if existing.exists() else None
    built = replace(build(root, previous, bounds), name=name)
    return built, save(home_root, built)


def folder(home_root: Path) -> Path:
    return home_root / "index"


def file_of(home_root: Path, name: str) -> Path:
    return folder(home_root) / f"{re.sub(r'[^A-Za-z0-9_.@-]', '_', name)}.json"


def save(home_root: Path, inventory: Inventory) -> Path:
    """Write the inventory readable by its owner alone; a reader never sees half a file."""
    target = folder(home_root)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = file_of(home_root, inventory.name)
    document = {
        "name": inventory.name,
        "root": inventory.root,
        "names": sorted(inventory.names),
        "complete": inventory.complete,
        "files": {
            relative: [entry.mtime_ns, entry.size, list(entry.names)]
            for relative, entry in sorted(inventory.files.items())
        },
    }
    partial = path.with_suffix(".json.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(document, out)
    os.replace(partial, path)
    return path


def load(home_root: Path) -> tuple[Inventory, ...]:
    """Every inventory in the home; a damaged one is an error, not a silently smaller list of
    names to rename."""
    return tuple(read(path) for path in sorted(folder(home_root).glob("*.json")))


def read(path: Path) -> Inventory:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        names = document["names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise TypeError("names is not a list of strings")
        files = {
            str(relative): FileNames(int(entry[0]), int(entry[1]), tuple(map(str, entry[2])))
            for relative, entry in dict(document.get("files", {})).items()
        }
        complete = bool(document.get("complete", True))
        return Inventory(str(document["name"]), str(document["root"]), frozenset(names), files, complete)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        raise PretenseError(f"the inventory {path} cannot be used ({e}); run `pretense index` again") from e


def best_match(inventories: Iterable[Inventory], body: bytes) -> tuple[Inventory, int] | None:
    """The inventory sharing the most names with the request, if clearly ahead of the rest."""
    inventories = tuple(inventories)
    if not inventories:
        return None
    words = {w.decode() for w in _WORD.findall(body)}
    scores = sorted(((len(words & i.names), i) for i in inventories), key=lambda s: -s[0])
    best, inventory = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0
    if best < MIN_SHARED or best < 2 * runner_up:
        return None
    return inventory, best


def main(arguments: list[str]) -> None:
    """`python -m policy.inventory HOME ROOT NAME SECONDS`: what the proxy runs to index a
    working directory in the background (lighter to start than the `pretense` command)."""
    home_root, root, name, seconds = Path(arguments[0]), Path(arguments[1]), arguments[2], float(arguments[3])
    built, saved = reindex(home_root, root, name, Bounds(seconds=seconds))
    sys.stdout.write(f"indexed {len(built.names)} names of {root} into {saved}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
