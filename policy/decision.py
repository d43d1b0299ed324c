"""The tier one request gets, the rule that chose it, and whether it may leave at all.

Sans-IO: the caller says which repository the request was attributed to, by which source,
which files it carries, who sent it, to which provider and model, and when. A repository
chosen from text in the request (a working-directory line, file paths, an inventory match)
may raise the tier, never lower it below what the request gets without it: anyone can type
that text into a prompt. Lowering takes a source the developer cannot type: `pretense run
--repo` credentials, or an exception for the signed-in user.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from datetime import date
from pathlib import PurePosixPath

from policy.globs import expand, glob
from policy.model import (
    Attribution,
    Decision,
    Exception_,
    PathRule,
    Policy,
    Repository,
    Source,
    Tier,
    TierRules,
    Where,
)
from providers.clients import KNOWN_TOOLS, UNKNOWN, ClientId

TEXT_SOURCES = frozenset({Source.CLIENT_HINT, Source.FILE_PATH, Source.INDEX})


def decide(
    policy: Policy,
    attribution: Attribution,
    *,
    files: Sequence[str] = (),
    user: str | None = None,
    groups: frozenset[str] = frozenset(),
    provider: str = "",
    model: str = "",
    host: str = "",
    client: ClientId | None = None,
    today: date | None = None,
) -> Decision:
    """The tier for one request, the rule that chose it, and whether it may leave at all."""
    repository = attribution.repository
    today = today or date.today()
    if repository is None:
        tier, rule = policy.default_tier, f"the default tier ({Where(policy.source, None)})"
    else:
        tier, rule = repository.tier, f"repository {repository.name} ({repository.where})"
    name = repository.name if repository else None
    exception = next((e for e in policy.exceptions if e.applies(name, user, today, groups)), None)
    if exception is not None:
        tier, rule = exception.tier, exception.describe()
    # Path rules raise the tier of the files they match, exceptions or not.
    raised = _path_rule(repository, attribution.root, files) if repository else None
    if raised is not None and raised.tier.rank > tier.rank:
        tier, rule = raised.tier, f"path rule {raised.glob} of repository {name} ({raised.where})"
    if repository is not None and attribution.source in TEXT_SOURCES:
        floor, floor_rule, floor_exception = _unattributed(policy, user, today, groups)
        if floor.rank > tier.rank:
            tier, exception = floor, floor_exception
            rule = (
                f"{floor_rule}: repository {name}, named by text in the request "
                f"({attribution.source}), cannot lower it; `pretense run --repo` can"
            )
    blocked = _forbidden(policy, tier, provider, model, host.lower())
    client = client or ClientId(UNKNOWN)
    approved = policy.rules(tier).approves(client.tool)
    if blocked is None and approved is False:
        blocked = _unapproved(policy.rules(tier), tier, client)
    if tier is Tier.CONFIDENTIAL:
        blocked = f"the {tier} tier sends nothing to AI providers ({rule})"
    if blocked is not None:
        blocked += ". " + _how_to_get_an_exception(policy)
    return Decision(tier, attribution, rule, exception, blocked, approved)


def _unattributed(
    policy: Policy, user: str | None, today: date, groups: frozenset[str]
) -> tuple[Tier, str, Exception_ | None]:
    """The tier a request gets when no repository is named: the default, or a user's (or
    their group's) exception."""
    exception = next(
        (e for e in policy.exceptions if e.repository is None and e.applies(None, user, today, groups)), None
    )
    if exception is not None:
        return exception.tier, exception.describe(), exception
    return policy.default_tier, f"the default tier ({Where(policy.source, None)})", None


def _path_rule(repository: Repository, root: str | None, files: Sequence[str]) -> PathRule | None:
    """The highest-tier path rule matching any of the request's files."""
    best: PathRule | None = None
    for file in files:
        relative = _relative(file, root)
        if relative is None:
            continue
        for rule in repository.path_rules:
            if glob(rule.glob).fullmatch(relative) and (best is None or rule.tier.rank > best.tier.rank):
                best = rule
    return best


def _relative(file: str, root: str | None) -> str | None:
    path = PurePosixPath(expand(file))
    if not path.is_absolute():
        return str(path)
    if root is None:
        return None
    try:
        return str(path.relative_to(root))
    except ValueError:
        return None


def _forbidden(policy: Policy, tier: Tier, provider: str, model: str, host: str) -> str | None:
    rules = policy.rules(tier)
    where = f" ({rules.where})" if rules.where else ""
    if host and _matches(host, rules.hosts_forbid):
        return f"the {tier} tier forbids host {host}{where}"
    if host and rules.hosts_allow is not None and not _matches(host, rules.hosts_allow):
        allowed = ", ".join(rules.hosts_allow) or "none"
        return f"the {tier} tier allows only hosts {allowed}, not {host}{where}"
    if provider and provider in rules.providers_forbid:
        return f"the {tier} tier forbids provider {provider}{where}"
    if provider and rules.providers_allow is not None and provider not in rules.providers_allow:
        allowed = ", ".join(sorted(rules.providers_allow)) or "none"
        return f"the {tier} tier allows only providers {allowed}, not {provider}{where}"
    if model and _matches(model, rules.models_forbid):
        return f"the {tier} tier forbids model {model}{where}"
    if model and rules.models_allow is not None and not _matches(model, rules.models_allow):
        return f"the {tier} tier does not allow model {model}{where}"
    return None


def _unapproved(rules: TierRules, tier: Tier, client: ClientId) -> str:
    """Why a tool the tier does not approve is refused, and which to use instead."""
    where = f" ({rules.where})" if rules.where else ""
    approved = sorted(KNOWN_TOOLS.get(t, t) for t in rules.tools_allow or ())
    if not approved:
        return f"the {tier} tier does not approve {client.describe()} as an AI tool{where}"
    return (
        f"the {tier} tier approves only these AI tools: {', '.join(approved)}{where}; this request "
        f"came from {client.describe()}. Use one of the approved tools"
    )


def _matches(value: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, glob) for glob in globs)


def _how_to_get_an_exception(policy: Policy) -> str:
    contact = policy.exception_contact or "your security team"
    return (
        f"To send it anyway, ask {contact} for a time-bound exception (repository or user, tier, "
        f"reason, approver, expiry) in {policy.source}"
    )
