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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from installation.errors import PretenseError
from mutators.definitions import defined_names
from mutators.keep import is_kept
from mutators.languages import by_path
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


def source_files(root: Path) -> Iterator[Path]:
    """The repository's source files: what git tracks (and would track), else a walk of the
    tree; vendored folders skipped."""
    return (path for path in files_under(root) if by_path(path.name) is not None)


def build(root: Path) -> frozenset[str]:
    """The distinctive names the repository's code defines."""
    names: set[str] = set()
    for path in source_files(root):
        language = by_path(path.name)
        try:
            if language is None or path.stat().st_size > MAX_FILE:
                continue
            code = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        names |= defined_names(code, language.name)
    return frozenset(n for n in names if len(n) >= MIN_NAME and not is_kept(n))


def folder(home_root: Path) -> Path:
    return home_root / "index"


def save(home_root: Path, inventory: Inventory) -> Path:
    """Write the inventory readable by its owner alone; a reader never sees half a file."""
    target = folder(home_root)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = target / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', inventory.name)}.json"
    document = {"name": inventory.name, "root": inventory.root, "names": sorted(inventory.names)}
    partial = path.with_suffix(".json.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(document, out)
    os.replace(partial, path)
    return path


def load(home_root: Path) -> tuple[Inventory, ...]:
    """Every inventory in the home; a damaged one is an error, not a silently smaller list of
    names to rename."""
    inventories = []
    for path in sorted(folder(home_root).glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            names = document["names"]
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise TypeError("names is not a list of strings")
            inventories.append(Inventory(str(document["name"]), str(document["root"]), frozenset(names)))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise PretenseError(
                f"the inventory {path} cannot be used ({e}); run `pretense index` again"
            ) from e
    return tuple(inventories)


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
