"""What each tier does to a request's text, built from the policy and the installation key:
public passes it, internal redacts secrets and client data, restricted also renames the
proprietary identifiers (confidential requests never get this far)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from detectors import Scanner, default_scanner
from mutators.base import IDENTITY, RequestTransform, TextField
from mutators.chain import Chain
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.redaction import SecretRedactor
from policy.model import Policy, SecretRules, Tier


@dataclass(frozen=True, slots=True)
class TierTransforms:
    public: RequestTransform
    internal: RequestTransform
    restricted: RequestTransform
    names: Callable[[Sequence[TextField]], Iterable[str]]
    """The proprietary names a request's fields define: what restricted renames."""
    internal_scanner: Scanner
    restricted_scanner: Scanner
    internal_allow: frozenset[str]
    restricted_allow: frozenset[str]
    mutator: IdentifierMutator

    def memory(self) -> dict[str, int]:
        """Bytes the tiers' transforms remember, by what remembers them."""
        scanners = {id(s): s for s in (self.internal_scanner, self.restricted_scanner)}
        sizes = {f"mutator.{name}": size for name, size in self.mutator.memory.items()}
        return sizes | {"scanner": sum(s.cached_chars for s in scanners.values())}

    def of(self, tier: Tier) -> RequestTransform:
        return {Tier.INTERNAL: self.internal, Tier.RESTRICTED: self.restricted}.get(tier, self.public)


def tier_transforms(policy: Policy, key: bytes, inventoried: frozenset[str] = frozenset()) -> TierTransforms:
    """`inventoried`: names `pretense index` found in the firm's repositories, renamed in the
    restricted tier wherever they occur, defined in the request or not."""
    never = policy.identifiers.never
    mutator = IdentifierMutator(
        Pseudonymizer(key),
        always=policy.identifiers.always | (inventoried - never),
        never=never,
        keep_comments=policy.rules(Tier.RESTRICTED).keep_comments,
    )
    internal, restricted = policy.rules(Tier.INTERNAL).secrets, policy.rules(Tier.RESTRICTED).secrets
    scanners: dict[tuple[str, ...], Scanner] = {}  # one per set of account patterns: its cache serves both
    internal_scanner = scanners.setdefault(
        internal.account_patterns, default_scanner(internal.account_patterns)
    )
    restricted_scanner = scanners.setdefault(
        restricted.account_patterns, default_scanner(restricted.account_patterns)
    )
    return TierTransforms(
        public=IDENTITY,
        internal=_redactor(internal, internal_scanner, key),
        # Secrets first: a key in a config file is a placeholder before code is parsed.
        restricted=Chain(_redactor(restricted, restricted_scanner, key), mutator),
        names=mutator.names,
        internal_scanner=internal_scanner,
        restricted_scanner=restricted_scanner,
        internal_allow=internal.allow,
        restricted_allow=restricted.allow,
        mutator=mutator,
    )


def _redactor(rules: SecretRules, scanner: Scanner, key: bytes) -> SecretRedactor:
    return SecretRedactor(scanner, key, restore=rules.restore, block=rules.block, allow=rules.allow)
