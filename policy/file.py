"""Reads a policy file: YAML, validated key by key; every error is one sentence naming the
file, the line and the key (`policy.yaml:14: repositories[2].tier: unknown tier 'secret'`).

The format is documented in policies/README.md and described by policies/schema.json.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import yaml

from policy.errors import PolicyError
from policy.globs import valid_glob
from policy.guardrails import Guardrails
from policy.guardrails_file import read_guardrails
from policy.model import (
    AuditRules,
    Exception_,
    Identifiers,
    Limits,
    PathRule,
    Policy,
    Repository,
    SecretRules,
    SiemQueueFull,
    Tier,
    TierRules,
    Unrecorded,
    Where,
)
from providers.clients import KNOWN_TOOLS

# The providers Pretense routes or recognises; a tier may allow or forbid them by name.
KNOWN_PROVIDERS = frozenset(
    {"anthropic", "openai", "azure-openai", "google", "vertex", "copilot", "mistral", "deepseek",
     "openrouter", "bedrock", "cursor", "windsurf"}
)  # fmt: skip

T = TypeVar("T")
E = TypeVar("E", bound=enum.StrEnum)
# A host name or a glob of one: no scheme, port or path.
_HOST_GLOB = re.compile(r"[A-Za-z0-9*?\[\]._-]+")


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
    return _Reader(source, known_secrets).policy(root, hashlib.sha256(raw).hexdigest())


class _Reader:
    def __init__(self, source: str, known_secrets: frozenset[str] | None) -> None:
        self.source = source
        self.known_secrets = known_secrets

    # The document -------------------------------------------------------------------------

    def policy(self, root: yaml.Node | None, digest: str) -> Policy:
        if not isinstance(root, yaml.MappingNode):
            raise PolicyError(self.source, "must be a mapping of keys to values", _line(root))
        keys = {
            "version": True, "default_tier": True, "exception_contact": False, "secrets": False,
            "identifiers": False, "tiers": False, "repositories": False, "exceptions": False,
            "limits": False,
            "audit": False,
            "guardrails": False,
        }  # fmt: skip
        values = self.mapping(root, keys, "")
        version = self.scalar(values["version"], "version")
        if version != "1":
            raise self.error(
                values["version"], "version", f"unsupported version {version!r} (this build reads 1)"
            )
        secrets = self.secrets(values.get("secrets"), "secrets", SecretRules())
        return Policy(
            source=self.source,
            digest=digest,
            version=1,
            default_tier=self.tier(values["default_tier"], "default_tier"),
            secrets=secrets,
            tiers=self.tiers(values.get("tiers"), secrets),
            repositories=self.items(values.get("repositories"), "repositories", self.repository),
            exceptions=self.items(values.get("exceptions"), "exceptions", self.exception),
            identifiers=self.identifiers(values.get("identifiers")),
            exception_contact=self.text(values["exception_contact"], "exception_contact")
            if "exception_contact" in values
            else "",
            limits=self.limits(values.get("limits")),
            audit=self.audit(values.get("audit")),
            guardrails=self.guardrails(values.get("guardrails"), values.get("tiers")),
        )

    def limits(self, node: yaml.Node | None) -> Limits:
        if node is None:
            return Limits()
        values = self.mapping(node, {"rewrite_seconds": False, "body_mb": False}, "limits")
        default = Limits()
        seconds = default.rewrite_seconds
        if "rewrite_seconds" in values:
            seconds = self.positive(values["rewrite_seconds"], "limits.rewrite_seconds", float)
        size = default.body_mb
        if "body_mb" in values:
            size = int(self.positive(values["body_mb"], "limits.body_mb", int))
        return Limits(seconds, size)

    def audit(self, node: yaml.Node | None) -> AuditRules:
        if node is None:
            return AuditRules()
        values = self.mapping(node, {"unrecorded": False, "siem_queue_full": False}, "audit")
        rules = AuditRules()
        if "unrecorded" in values:
            rules = replace(
                rules, unrecorded=self.choice(values["unrecorded"], "audit.unrecorded", Unrecorded)
            )
        if "siem_queue_full" in values:
            rules = replace(
                rules,
                siem_queue_full=self.choice(
                    values["siem_queue_full"], "audit.siem_queue_full", SiemQueueFull
                ),
            )
        return rules

    def secrets(self, node: yaml.Node | None, key: str, default: SecretRules) -> SecretRules:
        if node is None:
            return default
        known = {"restore": False, "block": False, "allow": False, "account_patterns": False}
        values = self.mapping(node, known, key)
        restore = self.flag(values["restore"], f"{key}.restore") if "restore" in values else default.restore
        block = default.block
        if "block" in values:
            block = frozenset(self.names(values["block"], f"{key}.block", self.secret_name))
        allow = default.allow
        if "allow" in values:
            allow = frozenset(self.names(values["allow"], f"{key}.allow", self.secret_name))
        if both := sorted(block & allow):
            raise self.error(
                values.get("allow") or values["block"],
                f"{key}.allow",
                f"{', '.join(both)} both blocked and allowed",
            )
        patterns = default.account_patterns
        if "account_patterns" in values:
            patterns = tuple(self.names(values["account_patterns"], f"{key}.account_patterns", self.pattern))
        return SecretRules(restore, block, patterns, allow)

    def tiers(self, node: yaml.Node | None, secrets: SecretRules) -> dict[Tier, TierRules]:
        if node is None:
            return {}
        values = self.mapping(node, dict.fromkeys([t.value for t in Tier], False), "tiers")
        rules: dict[Tier, TierRules] = {}
        for name, value in values.items():
            key = f"tiers.{name}"
            known = {
                "secrets": False, "providers": False, "models": False, "hosts": False, "comments": False,
                "guardrails": False, "tools": False,
            }  # fmt: skip
            fields = self.mapping(value, known, key)
            providers = self.allow_forbid(fields.get("providers"), f"{key}.providers", self.provider)
            models = self.allow_forbid(fields.get("models"), f"{key}.models", self.text)
            hosts = self.allow_forbid(fields.get("hosts"), f"{key}.hosts", self.host)
            tools = self.allow_forbid(fields.get("tools"), f"{key}.tools", self.tool)
            keep_comments = False
            if "comments" in fields:
                keep_comments = self.comments(fields["comments"], f"{key}.comments", Tier(name))
            rules[Tier(name)] = TierRules(
                secrets=self.secrets(fields.get("secrets"), f"{key}.secrets", secrets),
                providers_allow=frozenset(providers[0]) if providers[0] is not None else None,
                providers_forbid=frozenset(providers[1]),
                models_allow=tuple(models[0]) if models[0] is not None else None,
                models_forbid=tuple(models[1]),
                hosts_allow=tuple(hosts[0]) if hosts[0] is not None else None,
                hosts_forbid=tuple(hosts[1]),
                keep_comments=keep_comments,
                tools_allow=frozenset(tools[0]) if tools[0] is not None else None,
                tools_forbid=frozenset(tools[1]),
                where=Where(self.source, _line(value)),
            )
        return rules

    def guardrails(self, node: yaml.Node | None, tiers: yaml.Node | None) -> dict[Tier, Guardrails]:
        """Each tier's guardrails: its own section, then the shared one."""
        shared = read_guardrails(self, node, "guardrails", Guardrails())
        own: dict[str, yaml.Node] = {}
        if isinstance(tiers, yaml.MappingNode):  # its shape was checked by `tiers()`
            for name, fields in tiers.value:
                own |= {name.value: v for k, v in fields.value if k.value == "guardrails"}  # noqa: B035
        chosen = {
            tier: read_guardrails(self, own.get(tier.value), f"tiers.{tier}.guardrails", shared)
            for tier in Tier
        }
        return {tier: rules for tier, rules in chosen.items() if rules.rules}

    def repository(self, node: yaml.Node, key: str) -> Repository:
        keys = {"name": True, "tier": True, "paths": False, "remotes": False, "rules": False}
        values = self.mapping(node, keys, key)
        paths = tuple(self.names(values["paths"], f"{key}.paths", self.glob)) if "paths" in values else ()
        remotes = (
            tuple(self.names(values["remotes"], f"{key}.remotes", self.text)) if "remotes" in values else ()
        )
        return Repository(
            name=self.text(values["name"], f"{key}.name"),
            tier=self.tier(values["tier"], f"{key}.tier"),
            paths=paths,
            remotes=remotes,
            path_rules=self.items(values.get("rules"), f"{key}.rules", self.path_rule),
            where=Where(self.source, _line(node)),
        )

    def path_rule(self, node: yaml.Node, key: str) -> PathRule:
        values = self.mapping(node, {"path": True, "tier": True, "ai_reviewers": False}, key)
        reviewers = 0
        if "ai_reviewers" in values:
            reviewers = int(self.positive(values["ai_reviewers"], f"{key}.ai_reviewers", int))
        return PathRule(
            self.glob(values["path"], f"{key}.path"),
            self.tier(values["tier"], f"{key}.tier"),
            Where(self.source, _line(node)),
            reviewers,
        )

    def exception(self, node: yaml.Node, key: str) -> Exception_:
        keys = {
            "repository": False,
            "user": False,
            "group": False,
            "tier": True,
            "reason": True,
            "approver": True,
            "expires": True,
        }
        values = self.mapping(node, keys, key)
        if "repository" not in values and "user" not in values and "group" not in values:
            raise self.error(node, key, "names neither a repository, a user nor a group")
        expires_text = self.scalar(values["expires"], f"{key}.expires")
        try:
            expires = datetime.date.fromisoformat(expires_text)
        except ValueError:
            raise self.error(
                values["expires"], f"{key}.expires", f"{expires_text!r} is not a date (YYYY-MM-DD)"
            ) from None
        return Exception_(
            tier=self.tier(values["tier"], f"{key}.tier"),
            reason=self.text(values["reason"], f"{key}.reason"),
            approver=self.text(values["approver"], f"{key}.approver"),
            expires=expires,
            repository=self.text(values["repository"], f"{key}.repository")
            if "repository" in values
            else None,
            user=self.text(values["user"], f"{key}.user") if "user" in values else None,
            group=self.text(values["group"], f"{key}.group") if "group" in values else None,
            where=Where(self.source, _line(node)),
        )

    def identifiers(self, node: yaml.Node | None) -> Identifiers:
        if node is None:
            return Identifiers()
        values = self.mapping(node, {"always": False, "never": False}, "identifiers")
        always = self.names(values["always"], "identifiers.always", self.text) if "always" in values else []
        never = self.names(values["never"], "identifiers.never", self.text) if "never" in values else []
        return Identifiers(frozenset(always), frozenset(never))

    # Values ---------------------------------------------------------------------------------

    def tier(self, node: yaml.Node, key: str) -> Tier:
        value = self.scalar(node, key)
        try:
            return Tier(value)
        except ValueError:
            known = ", ".join(t.value for t in Tier)
            raise self.error(node, key, f"unknown tier {value!r} (tiers: {known})") from None

    def choice(self, node: yaml.Node, key: str, kind: type[E]) -> E:
        value = self.scalar(node, key)
        try:
            return kind(value)
        except ValueError:
            known = " or ".join(member.value for member in kind)
            raise self.error(node, key, f"must be {known}, not {value!r}") from None

    def flag(self, node: yaml.Node, key: str) -> bool:
        value = self.scalar(node, key)
        if value not in ("true", "false"):
            raise self.error(node, key, f"must be true or false, not {value!r}")
        return value == "true"

    def positive(self, node: yaml.Node, key: str, kind: type[int] | type[float]) -> float:
        value = self.scalar(node, key)
        try:
            number = kind(value)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise self.error(node, key, f"must be {what}, not {value!r}") from None
        if not number > 0:
            raise self.error(node, key, f"must be more than 0, not {value}")
        return number

    def text(self, node: yaml.Node, key: str) -> str:
        value = self.scalar(node, key)
        if not value.strip():
            raise self.error(node, key, "must not be empty")
        return value

    def glob(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if not valid_glob(value):
            raise self.error(node, key, f"{value!r} is not a valid glob")
        return value

    def pattern(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        try:
            compiled = re.compile(value)
        except re.error as e:
            raise self.error(node, key, f"is not a valid regular expression ({e})") from None
        if compiled.match(""):
            raise self.error(node, key, f"{value!r} matches the empty string")
        return value

    def provider(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if value not in KNOWN_PROVIDERS:
            raise self.error(
                node, key, f"unknown provider {value!r} (known: {', '.join(sorted(KNOWN_PROVIDERS))})"
            )
        return value

    def tool(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if value not in KNOWN_TOOLS:
            known = ", ".join(sorted(KNOWN_TOOLS))
            raise self.error(node, key, f"unknown AI tool {value!r} (known: {known})")
        return value

    def host(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if not _HOST_GLOB.fullmatch(value):
            raise self.error(
                node,
                key,
                f"{value!r} is not a host name or a glob of one (`api.anthropic.com`, `*.openai.azure.com`)",
            )
        return value.lower()

    def comments(self, node: yaml.Node, key: str, tier: Tier) -> bool:
        value = self.scalar(node, key)
        if value not in ("keep", "rename"):
            raise self.error(node, key, f"must be keep or rename, not {value!r}")
        if not tier.requires_mutation:
            raise self.error(node, key, f"only the {Tier.RESTRICTED} tier renames identifiers; set it there")
        return value == "keep"

    def secret_name(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if self.known_secrets is not None and value not in self.known_secrets:
            raise self.error(
                node, key, f"unknown kind or category {value!r} (the README's secrets table lists them)"
            )
        return value

    def allow_forbid(
        self, node: yaml.Node | None, key: str, read: Callable[[yaml.Node, str], str]
    ) -> tuple[list[str] | None, list[str]]:
        if node is None:
            return None, []
        values = self.mapping(node, {"allow": False, "forbid": False}, key)
        allow = self.names(values["allow"], f"{key}.allow", read) if "allow" in values else None
        forbid = self.names(values["forbid"], f"{key}.forbid", read) if "forbid" in values else []
        return allow, forbid

    # Structure ------------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, keys: dict[str, bool], key: str) -> dict[str, yaml.Node]:
        """The members of a mapping node; `keys` maps each allowed key to whether it is required."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, key or None, f"must be a mapping ({', '.join(keys)})")
        prefix = f"{key}." if key else ""
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value
            if name not in keys:
                raise self.error(
                    key_node, prefix + str(name), f"unknown key (known: {', '.join(sorted(keys))})"
                )
            if name in values:
                raise self.error(key_node, prefix + name, "is given twice")
            values[name] = value_node
        if missing := [k for k, required in keys.items() if required and k not in values]:
            raise self.error(node, prefix + missing[0], "is missing")
        return values

    def items(self, node: yaml.Node | None, key: str, read: Callable[[yaml.Node, str], T]) -> tuple[T, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, key, "must be a list")
        return tuple(read(item, f"{key}[{index}]") for index, item in enumerate(node.value))

    def names(self, node: yaml.Node, key: str, read: Callable[[yaml.Node, str], str]) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, key, "must be a list")
        return [read(item, key) for item in node.value]

    def scalar(self, node: yaml.Node, key: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, key, "must be a single value")
        return str(node.value)

    def error(self, node: yaml.Node | None, key: str | None, message: str) -> PolicyError:
        return PolicyError(self.source, message, _line(node), key)


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
