"""The policy in force: an immutable, validated object (read from YAML by `policy.file`),
what attribution found for a request, and the decision `policy.decision` makes for it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from policy.globs import expand, glob

if TYPE_CHECKING:
    from policy.guardrails import Guardrails


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

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


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
    allow: frozenset[str] = frozenset()
    """Kinds or categories passed as they are (still counted and fingerprinted in the audit
    trail): test card numbers in a payments team's fixtures, say."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a rule is written: for messages that name it."""

    source: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True, slots=True)
class TierRules:
    """What one tier allows beyond its fixed behaviour."""

    secrets: SecretRules = SecretRules()
    providers_allow: frozenset[str] | None = None
    providers_forbid: frozenset[str] = frozenset()
    models_allow: tuple[str, ...] | None = None
    models_forbid: tuple[str, ...] = ()
    hosts_allow: tuple[str, ...] | None = None
    """Globs of the AI hosts this tier may reach at all (`*.openai.azure.com`); None: any."""
    hosts_forbid: tuple[str, ...] = ()
    keep_comments: bool = False
    """The comments of code pass as written instead of renamed (the restricted tier)."""
    tools_allow: frozenset[str] | None = None
    """The approved AI tools (ids of `providers.clients`); None: any tool."""
    tools_forbid: frozenset[str] = frozenset()
    where: Where | None = None

    def approves(self, tool: str) -> bool | None:
        """Whether the tier approves this AI tool; None when it names none either way."""
        if self.tools_allow is None and not self.tools_forbid:
            return None
        return tool not in self.tools_forbid and (self.tools_allow is None or tool in self.tools_allow)


@dataclass(frozen=True, slots=True)
class PathRule:
    """Files matching `glob` (relative to the repository root) are at least `tier`."""

    glob: str
    tier: Tier
    where: Where
    ai_reviewers: int = 0
    """Approving reviews a change needs when AI answers produced some of its lines here
    (`pretense verify-commits` and the GitHub Action check it)."""


@dataclass(frozen=True, slots=True)
class Repository:
    name: str
    tier: Tier
    paths: tuple[str, ...] = ()
    """Globs of the repository's root directory on disk (`~/src/ledger`, `/srv/*/ledger`)."""
    remotes: tuple[str, ...] = ()
    """Globs of its git remote URLs (`*github.com[:/]acme/ledger*`)."""
    path_rules: tuple[PathRule, ...] = ()
    where: Where = Where("", None)


@dataclass(frozen=True, slots=True)
class Exception_:
    """A time-bound override of the tier for a repository or a user, approved by someone."""

    tier: Tier
    reason: str
    approver: str
    expires: date
    repository: str | None = None
    user: str | None = None
    group: str | None = None
    """The exception is for the members of this group (as the sign-in or the directory names it)."""
    where: Where = Where("", None)

    def applies(
        self, repository: str | None, user: str | None, today: date, groups: frozenset[str] = frozenset()
    ) -> bool:
        if today > self.expires:
            return False
        if self.repository is not None and self.repository != repository:
            return False
        if self.group is not None and self.group not in groups:
            return False
        return self.user is None or self.user == user

    def describe(self) -> str:
        scope = " and ".join(
            part
            for part in (
                f"repository {self.repository}" if self.repository else "",
                f"user {self.user}" if self.user else "",
                f"group {self.group}" if self.group else "",
            )
            if part
        )
        return (
            f"exception for {scope} ({self.where}): {self.tier} until {self.expires.isoformat()}, "
            f"approved by {self.approver}: {self.reason}"
        )


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a request may ask of the proxy before it is refused as too much to read."""

    rewrite_seconds: float = 5.0
    """A request whose inspection takes longer is refused where the tier promises a rewrite
    or a scan; other requests never wait behind it."""
    body_mb: int = 64
    """The largest body read, once decoded; a larger one is refused the same way."""


@dataclass(frozen=True, slots=True)
class Identifiers:
    always: frozenset[str] = frozenset()
    """Terms renamed wherever they occur (project code names, client names)."""
    never: frozenset[str] = frozenset()
    """Names never renamed."""


class Unrecorded(enum.StrEnum):
    """What a tier that does not fail closed does with a request the audit trail cannot record."""

    REFUSE = "refuse"
    FORWARD = "forward"


class SiemQueueFull(enum.StrEnum):
    """What a tier that does not fail closed does while the SIEM queue is full."""

    DROP_OLDEST = "drop_oldest"
    """Forward; the queue makes room by dropping its oldest events, and says so (a gap event)."""
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class AuditRules:
    """The public and internal tiers' choice when the audit trail or the SIEM cannot keep up;
    the restricted and confidential tiers always refuse (Vault's rule for an audit device)."""

    unrecorded: Unrecorded = Unrecorded.REFUSE
    siem_queue_full: SiemQueueFull = SiemQueueFull.DROP_OLDEST


@dataclass(frozen=True, slots=True)
class Policy:
    source: str
    digest: str
    version: int
    default_tier: Tier
    secrets: SecretRules = SecretRules()
    tiers: dict[Tier, TierRules] = field(default_factory=dict)
    repositories: tuple[Repository, ...] = ()
    exceptions: tuple[Exception_, ...] = ()
    identifiers: Identifiers = Identifiers()
    exception_contact: str = ""
    """Who to ask for an exception (shown to a blocked developer)."""
    limits: Limits = Limits()
    audit: AuditRules = AuditRules()
    guardrails: dict[Tier, Guardrails] = field(default_factory=dict)
    """Each tier's tool-call rules (`policy.guardrails`); a tier not in it has none."""

    def needs_record(self, tier: Tier) -> bool:
        """A request in `tier` leaves only if its audit record can be made durable."""
        return tier.fails_closed or self.audit.unrecorded is Unrecorded.REFUSE

    def needs_siem(self, tier: Tier) -> bool:
        """A request in `tier` leaves only if the SIEM queue can take its events."""
        return tier.fails_closed or self.audit.siem_queue_full is SiemQueueFull.REFUSE

    def rules(self, tier: Tier) -> TierRules:
        return self.tiers.get(tier) or TierRules(secrets=self.secrets)

    def repository(self, name: str) -> Repository | None:
        return next((r for r in self.repositories if r.name == name), None)

    def repository_at(self, path: str) -> tuple[Repository, str] | None:
        """The repository whose root is `path` or one of its parents, and that root."""
        posix = PurePosixPath(expand(path))
        for candidate in (posix, *posix.parents):
            for repository in self.repositories:
                if any(glob(pattern).fullmatch(str(candidate)) for pattern in repository.paths):
                    return repository, str(candidate)
        return None

    def repository_by_remote(self, url: str) -> Repository | None:
        return next(
            (r for r in self.repositories if any(glob(p, segments=False).fullmatch(url) for p in r.remotes)),
            None,
        )

    def repository_by_name(self, name: str) -> Repository | None:
        """By name, or by the last part of an `owner/name` (Copilot's `nwo`)."""
        short = name.rstrip("/").rsplit("/", 1)[-1]
        return self.repository(name) or self.repository(short)


class Source(enum.StrEnum):
    """Which attribution source answered, in the order they are tried."""

    PROXY_CREDENTIALS = "proxy-credentials"
    CLIENT_HINT = "client-hint"
    FILE_PATH = "file-path"
    INDEX = "index"
    DEFAULT = "default"
    CHECKOUT = "checkout"
    """A repository's own checkout (a commit being attested or verified), not a request."""


@dataclass(frozen=True, slots=True)
class Attribution:
    repository: Repository | None
    source: Source
    root: str | None = None
    """The repository's root directory on disk, where known; with no repository, the
    working directory the request names, if it names one."""
    evidence: str = ""
    """What showed it (a path, a hint), for `policy explain` and the audit trail."""
    files: tuple[str, ...] = ()
    """The files the request names, read only when the repository has path rules to apply."""


@dataclass(frozen=True, slots=True)
class Decision:
    tier: Tier
    attribution: Attribution
    rule: str
    """The rule that chose the tier, in words with file and line."""
    exception: Exception_ | None = None
    blocked: str | None = None
    """Why the request must not leave, or None."""
    tool_approved: bool | None = None
    """Whether the tier approves the AI tool that sent it; None: the tier names no tools."""

    @property
    def repository(self) -> str | None:
        return self.attribution.repository.name if self.attribution.repository else None
