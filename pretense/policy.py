"""The policy in force: an immutable, validated object loaded once from a YAML file.

Each key error names the file, the line and the key.
"""

from __future__ import annotations

import enum
import hashlib
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
class Policy:
    source: str
    digest: str
    version: int
    default_tier: Tier


_KEYS = {"version", "default_tier"}


def load_policy(path: Path) -> Policy:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PolicyError(str(path), f"cannot be read ({e.strerror})") from e
    return parse_policy(raw, str(path))


def parse_policy(raw: bytes, source: str) -> Policy:
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
    values: dict[str, yaml.ScalarNode] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in _KEYS:
            raise PolicyError(
                source, f"unknown key (known: {', '.join(sorted(_KEYS))})", _line(key_node), key
            )
        if not isinstance(value_node, yaml.ScalarNode):
            raise PolicyError(source, "must be a single value", _line(value_node), key)
        values[key] = value_node
    if missing := sorted(_KEYS - values.keys()):
        raise PolicyError(source, "is missing", _line(root), missing[0])
    version = values["version"]
    if version.value != "1":
        raise PolicyError(
            source,
            f"unsupported version {version.value!r} (this build reads 1)",
            _line(version),
            "version",
        )
    tier = values["default_tier"]
    try:
        default_tier = Tier(tier.value)
    except ValueError:
        known = ", ".join(t.value for t in Tier)
        raise PolicyError(
            source, f"unknown tier {tier.value!r} (tiers: {known})", _line(tier), "default_tier"
        ) from None
    return Policy(source, hashlib.sha256(raw).hexdigest(), 1, default_tier)


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
