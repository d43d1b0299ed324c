"""The git commands attestations need, run with the git CLI: the tree a commit will have,
the change against its parent as a patch and as git's patch id, a commit's object, the
commits of a range and the paths each touches."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from attestations.errors import GitError

OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
# Output meant for programs: no pager, no colour, no external diff or text conversion, paths
# as they are (not octal-quoted), whatever the user's configuration says.
_PLAIN = ("-c", "core.quotePath=false", "-c", "color.ui=never", "--no-pager")
_DIFF = ("--no-color", "--no-ext-diff", "--no-textconv", "--no-renames")


@dataclass(frozen=True, slots=True)
class CommitObject:
    id: str
    tree: str
    parents: tuple[str, ...]
    message: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()


def run(root: Path, *arguments: str, stdin: bytes | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *_PLAIN, "-C", str(root), *arguments], input=stdin, capture_output=True, check=False
        )
    except OSError as e:
        raise GitError(f"cannot run git ({e.strerror})") from e
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {arguments[0]} failed: {said[-1] if said else f'exit status {done.returncode}'}")
    return done.stdout.decode("utf-8", "surrogateescape")


def object_id(text: str, what: str) -> str:
    if not OBJECT_ID.fullmatch(text):
        raise GitError(f"{what} {text[:80]!r} is not a git object id")
    return text


def top_level(path: Path) -> Path:
    return Path(run(path, "rev-parse", "--show-toplevel").strip())


def write_tree(root: Path) -> str:
    """The tree the commit being made will have (the hook's index: git sets GIT_INDEX_FILE)."""
    return object_id(run(root, "write-tree").strip(), "tree")


def resolve(root: Path, revision: str) -> str | None:
    try:
        return object_id(run(root, "rev-parse", "--verify", "-q", f"{revision}^{{commit}}").strip(), "commit")
    except GitError:
        return None


def commit(root: Path, revision: str) -> CommitObject:
    identifier = resolve(root, revision)
    if identifier is None:
        raise GitError(f"{revision!r} is not a commit")
    raw = run(root, "cat-file", "commit", identifier)
    headers, _, message = raw.partition("\n\n")
    tree, parents = "", []
    for line in headers.split("\n"):
        name, _, value = line.partition(" ")
        if name == "tree":
            tree = value
        elif name == "parent":
            parents.append(value)
    return CommitObject(identifier, object_id(tree, "tree"), tuple(parents), message)


def commit_time(root: Path, revision: str) -> int:
    return int(run(root, "log", "-1", "--format=%ct", revision).strip())


def is_tree(root: Path, identifier: str) -> bool:
    try:
        return run(root, "cat-file", "-t", object_id(identifier, "tree")).strip() == "tree"
    except GitError:
        return False


def empty_tree(root: Path) -> str:
    return object_id(run(root, "hash-object", "-t", "tree", "--stdin", stdin=b"").strip(), "tree")


def added_diff(root: Path, parent: str | None, tree: str) -> str:
    """The change from `parent` (None: nothing) to `tree`, without context: its added lines."""
    return run(root, "diff-tree", "-r", "-p", "-U0", *_DIFF, parent or empty_tree(root), tree)


def patch_id(root: Path, parent: str | None, tree: str) -> str | None:
    """Git's patch id of the change, whitespace and binary content included (`--verbatim`
    over a `--binary` patch): the same after a rebase that applied the change as it was;
    None when the change is empty."""
    patch = run(
        root, "diff-tree", "-r", "-p", "--binary", "--full-index", *_DIFF, parent or empty_tree(root), tree
    )
    if not patch:
        return None
    out = run(root, "patch-id", "--verbatim", stdin=patch.encode("utf-8", "surrogateescape")).split()
    return object_id(out[0], "patch id") if out else None


def revisions(root: Path, selection: str) -> list[str]:
    """The commits of `BASE..HEAD` (oldest first), or the one commit named."""
    if ".." in selection:
        listed = run(root, "rev-list", "--reverse", "--topo-order", selection, "--").split()
        return [object_id(c, "commit") for c in listed]
    found = resolve(root, selection)
    if found is None:
        raise GitError(f"{selection!r} is not a commit or a range BASE..HEAD")
    return [found]


def touched(root: Path, found: CommitObject) -> list[str]:
    """The paths a commit changes: against its parent; for a merge, only those that differ
    from every parent (a clean merge brings nothing that is not in a parent already)."""
    if len(found.parents) > 1:
        listed = run(root, "diff-tree", "--cc", "--name-only", "-z", "--no-commit-id", found.id)
    else:
        base = found.parents[0] if found.parents else empty_tree(root)
        listed = run(root, "diff-tree", "-r", "--name-only", "-z", "--no-renames", base, found.id)
    return [path for path in listed.split("\0") if path]


def config(root: Path, name: str) -> str | None:
    try:
        return run(root, "config", "--get", name).strip() or None
    except GitError:
        return None
