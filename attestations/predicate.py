"""Our predicate (`https://pretense.dev/attestations/commit/v1`): what the proxy states about
a commit's tree when the commit is made, built and read back in one place.

It names the instance (its audit key's fingerprint), the policy (digest, the repository and
its tier), whether the proxy was running, inspecting and recording, where the audit chain
stood, the change against its parent, the AI exchanges of the repository since the parent
commit (counts only: no names, no values), and how many of the added lines came from AI
answers, in which files, from which exchanges (audit record numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from attestations.errors import MalformedAttestation
from attestations.lines import METHOD
from attestations.statement import GIT_COMMIT, GIT_TREE, Statement
from policy.model import Tier

Json = Any


@dataclass(frozen=True, slots=True)
class ProxyState:
    running: bool
    inspecting: bool
    """The policy is loaded and AI requests are inspected by it."""
    recording: bool
    """The audit trail can make records durable."""
    problems: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.running and self.inspecting and self.recording


@dataclass(frozen=True, slots=True)
class Exchanges:
    """The AI exchanges attributed to the repository since the parent commit."""

    since: str | None = None
    count: int = 0
    agents: Mapping[str, int] = field(default_factory=dict)
    models: Mapping[str, int] = field(default_factory=dict)
    tiers: Mapping[str, int] = field(default_factory=dict)
    blocked: int = 0
    detections: Mapping[str, int] = field(default_factory=dict)
    """Kinds of secret or client data found and redacted or blocked, counted: never a value."""


@dataclass(frozen=True, slots=True)
class FileShare:
    path: str
    added: int
    ai: int
    exchanges: tuple[int, ...] = ()
    """The audit records (their `seq`) of the answers these lines came from."""
    agents: tuple[str, ...] = ()
    """`AGENT:MODEL` of those answers."""


@dataclass(frozen=True, slots=True)
class Provenance:
    added: int = 0
    """Non-trivial lines the commit adds (see `attestations.lines`)."""
    ai: int = 0
    files: tuple[FileShare, ...] = ()
    """The files with lines from AI answers."""
    omitted: int = 0
    """Files with AI lines left out of `files` to keep the trailer short (counted in `ai`)."""

    @property
    def agents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(agent for f in self.files for agent in f.agents))


@dataclass(frozen=True, slots=True)
class Claim:
    tree: str
    attested_at: str
    key_id: str
    host: str
    version: str
    proxy: ProxyState
    policy_digest: str
    repository: str | None
    tier: Tier
    attribution: str
    chain_seq: int
    chain_hash: str
    parent: str | None
    change: str | None
    """The change against the parent: git's patch id (stable, verbatim), None for none."""
    exchanges: Exchanges = Exchanges()
    provenance: Provenance = Provenance()
    commit: str | None = None
    """The commit id, in the statement made once the commit exists (post-commit)."""


def predicate(claim: Claim) -> dict[str, Json]:
    return {
        "attestedAt": claim.attested_at,
        "instance": {"keyId": claim.key_id, "host": claim.host, "version": claim.version},
        "proxy": {
            "running": claim.proxy.running,
            "inspecting": claim.proxy.inspecting,
            "recording": claim.proxy.recording,
            "problems": list(claim.proxy.problems),
        },
        "policy": {
            "digest": {"sha256": claim.policy_digest},
            "repository": claim.repository,
            "tier": claim.tier.value,
            "attribution": claim.attribution,
        },
        "auditChain": {"seq": claim.chain_seq, "hash": claim.chain_hash},
        "change": {"parent": claim.parent, "patchId": claim.change},
        "exchanges": {
            "since": claim.exchanges.since,
            "count": claim.exchanges.count,
            "agents": dict(claim.exchanges.agents),
            "models": dict(claim.exchanges.models),
            "tiers": dict(claim.exchanges.tiers),
            "blocked": claim.exchanges.blocked,
            "detections": dict(claim.exchanges.detections),
        },
        "provenance": {
            "method": METHOD,
            "addedLines": claim.provenance.added,
            "aiLines": claim.provenance.ai,
            "files": [
                {
                    "path": f.path,
                    "addedLines": f.added,
                    "aiLines": f.ai,
                    "exchanges": list(f.exchanges),
                    "agents": list(f.agents),
                }
                for f in claim.provenance.files
            ],
            "omittedFiles": claim.provenance.omitted,
        },
    }


def claim_of(statement: Statement) -> Claim:
    """The claim a statement makes; raises MalformedAttestation naming the field at fault."""
    p = _Reader(statement.predicate)
    tree = statement.digests.get(GIT_TREE)
    if tree is None:
        raise MalformedAttestation("the statement names no git tree (gitTree subject)")
    tier_name = p.text("policy", "tier")
    try:
        tier = Tier(tier_name)
    except ValueError:
        raise MalformedAttestation(f"predicate field policy.tier: unknown tier {tier_name!r}") from None
    method = p.optional_text("provenance", "method")
    if method not in (None, METHOD):
        raise MalformedAttestation(f"predicate field provenance.method: unknown method {method!r}")
    return Claim(
        tree=tree,
        attested_at=p.text("attestedAt"),
        key_id=p.text("instance", "keyId"),
        host=p.optional_text("instance", "host") or "",
        version=p.optional_text("instance", "version") or "",
        proxy=ProxyState(
            p.flag("proxy", "running"),
            p.flag("proxy", "inspecting"),
            p.flag("proxy", "recording"),
            tuple(p.texts("proxy", "problems")),
        ),
        policy_digest=p.text("policy", "digest", "sha256"),
        repository=p.optional_text("policy", "repository"),
        tier=tier,
        attribution=p.optional_text("policy", "attribution") or "",
        chain_seq=p.number("auditChain", "seq"),
        chain_hash=p.text("auditChain", "hash"),
        parent=p.optional_text("change", "parent"),
        change=p.optional_text("change", "patchId"),
        exchanges=Exchanges(
            since=p.optional_text("exchanges", "since"),
            count=p.number("exchanges", "count"),
            agents=p.counts("exchanges", "agents"),
            models=p.counts("exchanges", "models"),
            tiers=p.counts("exchanges", "tiers"),
            blocked=p.number("exchanges", "blocked"),
            detections=p.counts("exchanges", "detections"),
        ),
        provenance=Provenance(
            added=p.number("provenance", "addedLines"),
            ai=p.number("provenance", "aiLines"),
            files=tuple(_file(p, index) for index in range(len(p.items("provenance", "files")))),
            omitted=p.number("provenance", "omittedFiles"),
        ),
        commit=statement.digests.get(GIT_COMMIT),
    )


def _file(p: _Reader, index: int) -> FileShare:
    where = ("provenance", "files", index)
    return FileShare(
        path=p.text(*where, "path"),
        added=p.number(*where, "addedLines"),
        ai=p.number(*where, "aiLines"),
        exchanges=tuple(p.numbers(*where, "exchanges")),
        agents=tuple(p.texts(*where, "agents")),
    )


class _Reader:
    """Typed access to the predicate, each miss named by its dotted path."""

    def __init__(self, document: Mapping[str, Json]) -> None:
        self.document = document

    def value(self, *path: str | int) -> Json:
        node: Json = self.document
        for step in path:
            if isinstance(step, int) and isinstance(node, list) and step < len(node):
                node = node[step]
                continue
            if not (isinstance(step, str) and isinstance(node, dict) and step in node):
                raise MalformedAttestation(f"predicate field {_dotted(path)} is missing")
            node = node[step]
        return node

    def text(self, *path: str | int) -> str:
        value = self.value(*path)
        if not isinstance(value, str):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not text")
        return value

    def optional_text(self, *path: str | int) -> str | None:
        try:
            value = self.value(*path)
        except MalformedAttestation:
            return None
        if value is not None and not isinstance(value, str):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not text")
        return value

    def flag(self, *path: str | int) -> bool:
        value = self.value(*path)
        if not isinstance(value, bool):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not true or false")
        return value

    def number(self, *path: str | int) -> int:
        value = self.value(*path)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not a count")
        return value

    def items(self, *path: str | int) -> list[Json]:
        value = self.value(*path)
        if not isinstance(value, list):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not a list")
        return value

    def texts(self, *path: str | int) -> list[str]:
        items = self.items(*path)
        if not all(isinstance(item, str) for item in items):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not a list of text")
        return items

    def numbers(self, *path: str | int) -> list[int]:
        items = self.items(*path)
        if not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in items):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not a list of counts")
        return items

    def counts(self, *path: str | int) -> dict[str, int]:
        value = self.value(*path)
        if not isinstance(value, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()
        ):
            raise MalformedAttestation(f"predicate field {_dotted(path)} is not a table of counts")
        return dict(value)


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{step}]" if isinstance(step, int) else step for step in path).replace(".[", "[")
