"""Which repository a request comes from, by the first source that answers:

1. the proxy credentials `pretense run --repo PATH` puts in the tool's HTTPS_PROXY;
2. client hints in the request: Claude Code's `Working directory:`, Codex's `<cwd>`,
   Gemini CLI's working directory, Copilot's `nwo`, `<workspace_info>` folders;
3. file paths in the request (a Read tool's `file_path`, `# Path:` lines);
4. the inventories `pretense index` made: the one sharing clearly most names with the request;
5. the policy's default tier.

Sans-IO but for reading a repository's git remotes (`git_remotes`), which callers may replace.
"""

from __future__ import annotations

import base64
import binascii
import configparser
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from policy.inventory import Inventory, best_match
from policy.model import Attribution, Policy, Repository, Source

TAG_USER = "pretense-repo"
"""The proxy user name that carries a repository path (`pretense run --repo`)."""
TOKEN_USER = "pretense-token"
"""The proxy user name whose password is a sign-in token (`pretense login`), and which carries
the repository path after a dot."""

_HINTS = (
    # Claude Code: `Working directory:` in its <env> section, `Primary working directory:` since 2.1.
    re.compile(rb"[Ww]orking directory: ([^\s\"\\<]+)"),
    re.compile(rb"<cwd>([^<\"\\]+)</cwd>"),  # Codex's environment context
    re.compile(rb"I'm currently working in the directory: ([^\s\"\\]+)"),  # Gemini CLI
    re.compile(rb"Workspace Directories:\*\*(?:\\n)+\s*- (/[^\s\"\\]+)"),  # Gemini CLI 0.6x
    re.compile(
        rb"<workspace_info>.*?(?:folder|directory)(?:[^/\"\\]|\\[nt])*(/[^\s\"\\<,]+)", re.DOTALL
    ),  # Copilot Chat
)
_NWO = re.compile(rb"\"nwo\"\s*:\s*\"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)\"")
_FILES = (
    re.compile(rb"\"(?:file_path|notebook_path|path)\"\s*:\s*\"(/[^\"\\]+)\""),
    re.compile(rb"\\\"(?:file_path|notebook_path|path)\\\"\s*:\s*\\\"(/[^\"\\]+)\\\""),  # in tool arguments
    # `# Path:` / `// Path:` lines (Copilot): found by their literal, the comment mark checked after.
    _PATH_LINE := re.compile(rb"Path: (/?[^\s\"\\]+)"),
)


def tag_credentials(repository: str | None, token: str | None = None) -> tuple[str, str]:
    """The proxy user and password that tag a process's traffic with its repository and, on a
    gateway with sign-in, carry the person's sign-in token (the password, then)."""
    encoded = base64.urlsafe_b64encode(repository.encode()).decode().rstrip("=") if repository else ""
    if token is None:
        return TAG_USER, encoded
    return (f"{TOKEN_USER}.{encoded}" if encoded else TOKEN_USER), token


def _basic(authorization: str) -> tuple[str, str] | None:
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return user, password


def tagged_repository(authorization: str) -> str | None:
    """The repository path in a `Proxy-Authorization: Basic ...` value, if it is a tag."""
    credentials = _basic(authorization)
    if credentials is None:
        return None
    user, password = credentials
    if user == TAG_USER:
        encoded = password
    elif user.startswith(TOKEN_USER + "."):
        encoded = user.removeprefix(TOKEN_USER + ".")
    else:
        return None
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def sign_in_token(authorization: str) -> str | None:
    """The sign-in token `pretense run` puts in the proxy credentials, if they carry one."""
    credentials = _basic(authorization)
    if credentials is None:
        return None
    user, password = credentials
    if user != TOKEN_USER and not user.startswith(TOKEN_USER + "."):
        return None
    return password or None


def hints_in(body: bytes) -> list[str]:
    """The working directories a client states in a request body."""
    found = [m.group(1).decode("utf-8", "replace") for pattern in _HINTS for m in pattern.finditer(body)]
    return list(dict.fromkeys(found))


def repository_names_in(body: bytes) -> list[str]:
    return [m.group(1).decode() for m in _NWO.finditer(body)]


def files_in(body: bytes) -> list[str]:
    """The file paths a request names (tool arguments, `Path:` lines)."""
    found = [
        m.group(1).decode("utf-8", "replace")
        for pattern in _FILES
        for m in pattern.finditer(body)
        # A `Path:` line is a comment's: `# Path:` or `// Path:`.
        if pattern is not _PATH_LINE
        or body[max(0, m.start() - 2) : m.start()].endswith((b"# ", b"#", b"//", b"/ "))
    ]
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=256)
def git_remotes(root: str) -> tuple[str, ...]:
    """The remote URLs in the git repository at or above `root` (empty when none, and for a
    path no file system could hold: a hint is text from the request, not a checked path)."""
    try:
        return _remotes(Path(root))
    except (OSError, ValueError):
        return ()


def _remotes(root: Path) -> tuple[str, ...]:
    for folder in (root, *root.parents):
        config = folder / ".git" / "config"
        if config.is_file():
            parser = configparser.ConfigParser(strict=False, interpolation=None)
            try:
                parser.read(config, encoding="utf-8")
            except (configparser.Error, OSError):
                return ()
            return tuple(
                parser[section]["url"]
                for section in parser.sections()
                if section.startswith("remote ") and "url" in parser[section]
            )
    return ()


def attribute(
    policy: Policy,
    *,
    tagged: str | None = None,
    body: bytes = b"",
    remotes: Callable[[str], Iterable[str]] = git_remotes,
    inventories: Iterable[Inventory] = (),
) -> Attribution:
    """The request's repository, by the first source that answers, with the files the request
    names when that repository has path rules (the body is scanned for them once)."""
    attribution = _attribute(policy, tagged, body, remotes, inventories)
    repository = attribution.repository
    if repository is None or not repository.path_rules or attribution.files:
        return attribution
    return dataclasses.replace(attribution, files=tuple(files_in(body)))


def attribute_directory(
    policy: Policy, directory: str, remotes: Callable[[str], Iterable[str]] = git_remotes
) -> Attribution:
    """The repository a checkout is (by its path, its git remotes or its folder's name): for
    a commit being attested or verified, where no request text is involved."""
    return _by_directory(policy, directory, Source.CHECKOUT, remotes)


def _attribute(
    policy: Policy,
    tagged: str | None,
    body: bytes,
    remotes: Callable[[str], Iterable[str]],
    inventories: Iterable[Inventory],
) -> Attribution:
    if tagged:
        return _by_directory(policy, tagged, Source.PROXY_CREDENTIALS, remotes)
    hints = hints_in(body)
    # The working directory a tool names is worth knowing even when no repository is listed
    # (the proxy can index it): it is the root of an attribution to no repository.
    unattributed = Attribution(None, Source.DEFAULT, hints[0] if hints else None)
    if not policy.repositories:
        return unattributed
    # Text in the request names repositories: where several disagree, the strictest wins.
    candidates = [_by_directory(policy, hint, Source.CLIENT_HINT, remotes) for hint in hints]
    candidates += [
        Attribution(repository, Source.CLIENT_HINT, None, f"nwo {name}")
        for name in repository_names_in(body)
        if (repository := policy.repository_by_name(name)) is not None
    ]
    files = files_in(body)
    for file in files:
        found = policy.repository_at(file)
        if found is not None:
            files_named = tuple(files) if found[0].path_rules else ()
            candidates.append(Attribution(found[0], Source.FILE_PATH, found[1], file, files_named))
    named = [c for c in candidates if c.repository is not None]
    if named:
        return max(named, key=lambda c: c.repository.tier.rank if c.repository else -1)
    matched = best_match(inventories, body)
    if matched is not None:
        inventory, shared = matched
        repository = policy.repository(inventory.name) or _at(policy, inventory.root)
        if repository is not None:
            evidence = f"{shared} names of the inventory of {inventory.root}"
            return Attribution(repository, Source.INDEX, inventory.root, evidence)
    return unattributed


def _at(policy: Policy, root: str) -> Repository | None:
    found = policy.repository_at(root)
    return found[0] if found is not None else None


def _by_directory(
    policy: Policy, directory: str, source: Source, remotes: Callable[[str], Iterable[str]]
) -> Attribution:
    found = policy.repository_at(directory)
    if found is not None:
        return Attribution(found[0], source, found[1], directory)
    for url in remotes(directory):
        repository = policy.repository_by_remote(url)
        if repository is not None:
            return Attribution(repository, source, directory, f"{directory} (remote {url})")
    repository = policy.repository_by_name(Path(directory).name)
    if repository is not None:
        return Attribution(repository, source, directory, directory)
    return Attribution(None, source, directory, directory)
