"""The policy in force: an immutable, validated object loaded once from a YAML file.

Each key error names the file, the line and the key.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pretense.errors import PolicyError


class Tier(enum.StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"

    @property
    def requires_mutation(self) -> bool:
        """Proprietary identifiers must not leave the machine in clear."""
        return self is Tier.RESTRICTED

    @property
    def fails_closed(self) -> bool:
        """A request this tier cannot inspect or rewrite is blocked, never forwarded as is."""
        return self in (Tier.RESTRICTED, Tier.CONFIDENTIAL)


@dataclass(frozen=True, slots=True)
class SecretRules:
    """What happens to secrets and client data found in a request."""

    restore: bool = True
    """Answers get the real values back where the model echoes a placeholder (a workstation's
    agent then writes real values to local files while the provider never saw them)."""
    block: frozenset[str] = frozenset()
    """Kinds (`aws_secret_access_key`) or categories (`private_key`) that block the whole
    request instead of being redacted."""
    account_patterns: tuple[str, ...] = ()
    """Regular expressions for the firm's own account numbers, treated as client data."""


@dataclass(frozen=True, slots=True)
class Policy:
    source: str
    digest: str
    version: int
    default_tier: Tier
    secrets: SecretRules = SecretRules()


_KEYS = {"version": True, "default_tier": True, "secrets": False}  # key: required
_SECRET_KEYS = {"restore", "block", "account_patterns"}


def load_policy(path: Path, known_secrets: frozenset[str] | None = None) -> Policy:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PolicyError(str(path), f"cannot be read ({e.strerror})") from e
    return parse_policy(raw, str(path), known_secrets)


def parse_policy(raw: bytes, source: str, known_secrets: frozenset[str] | None = None) -> Policy:
    """The policy in `raw`; `known_secrets`, when given, are the kinds and categories that
    `secrets.block` may name."""
    try:
        root = yaml.compose(raw.decode(), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as e:
        raise PolicyError(source, "is not UTF-8 text") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PolicyError(source, f"is not valid YAML ({getattr(e, 'problem', e)})", line) from e
    if not isinstance(root, yaml.MappingNode):
        raise PolicyError(source, "must be a mapping of keys to values", _line(root))
    values = _members(root, source, set(_KEYS), "")
    if missing := sorted(k for k, required in _KEYS.items() if required and k not in values):
        raise PolicyError(source, "is missing", _line(root), missing[0])
    version = _scalar(values["version"], source, "version")
    if version.value != "1":
        raise PolicyError(
            source,
            f"unsupported version {version.value!r} (this build reads 1)",
            _line(version),
            "version",
        )
    tier = _scalar(values["default_tier"], source, "default_tier")
    try:
        default_tier = Tier(tier.value)
    except ValueError:
        known = ", ".join(t.value for t in Tier)
        raise PolicyError(
            source, f"unknown tier {tier.value!r} (tiers: {known})", _line(tier), "default_tier"
        ) from None
    secrets = _secret_rules(values.get("secrets"), source, known_secrets)
    return Policy(source, hashlib.sha256(raw).hexdigest(), 1, default_tier, secrets)


def _secret_rules(node: yaml.Node | None, source: str, known: frozenset[str] | None) -> SecretRules:
    if node is None:
        return SecretRules()
    if not isinstance(node, yaml.MappingNode):
        raise PolicyError(
            source, "must be a mapping (restore, block, account_patterns)", _line(node), "secrets"
        )
    values = _members(node, source, _SECRET_KEYS, "secrets.")
    restore = True
    if "restore" in values:
        flag = _scalar(values["restore"], source, "secrets.restore")
        if flag.value not in ("true", "false"):
            raise PolicyError(
                source, f"must be true or false, not {flag.value!r}", _line(flag), "secrets.restore"
            )
        restore = flag.value == "true"
    block: set[str] = set()
    if "block" in values:
        listed = values["block"]
        if not isinstance(listed, yaml.SequenceNode):
            raise PolicyError(source, "must be a list of kinds or categories", _line(listed), "secrets.block")
        for item in listed.value:
            name = _scalar(item, source, "secrets.block").value
            if known is not None and name not in known:
                raise PolicyError(
                    source,
                    f"unknown kind or category {name!r} (the README's secrets table lists them)",
                    _line(item),
                    "secrets.block",
                )
            block.add(name)
    return SecretRules(restore, frozenset(block), _patterns(values.get("account_patterns"), source))


def _patterns(node: yaml.Node | None, source: str) -> tuple[str, ...]:
    if node is None:
        return ()
    key = "secrets.account_patterns"
    if not isinstance(node, yaml.SequenceNode):
        raise PolicyError(source, "must be a list of regular expressions", _line(node), key)
    patterns = []
    for item in node.value:
        pattern = _scalar(item, source, key).value
        try:
            compiled = re.compile(pattern)
        except re.error as e:
            raise PolicyError(source, f"is not a valid regular expression ({e})", _line(item), key) from None
        if compiled.match(""):
            raise PolicyError(source, f"{pattern!r} matches the empty string", _line(item), key)
        patterns.append(pattern)
    return tuple(patterns)


def _members(node: yaml.MappingNode, source: str, allowed: set[str], prefix: str) -> dict[str, yaml.Node]:
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise PolicyError(source, f"unknown key (known: {known})", _line(key_node), prefix + key)
        if key in values:
            raise PolicyError(source, "is given twice", _line(key_node), prefix + key)
        values[key] = value_node
    return values


def _scalar(node: yaml.Node, source: str, key: str) -> yaml.ScalarNode:
    if not isinstance(node, yaml.ScalarNode):
        raise PolicyError(source, "must be a single value", _line(node), key)
    return node


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
