"""What each tier does to a request's text, built from the policy and the installation key:
public passes it, internal redacts secrets and client data, restricted also renames the
proprietary identifiers (confidential requests never get this far)."""

from __future__ import annotations

import functools

from detectors import default_scanner
from mutators.base import IDENTITY, RequestTransform
from mutators.chain import Chain
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.redaction import SecretRedactor
from policy.model import Policy, SecretRules, Tier


def tier_transforms(
    policy: Policy, key: bytes, inventoried: frozenset[str] = frozenset()
) -> dict[Tier, RequestTransform]:
    """`inventoried`: names `pretense index` found in the firm's repositories, renamed in the
    restricted tier wherever they occur, defined in the request or not."""
    never = policy.identifiers.never
    mutator = IdentifierMutator(
        Pseudonymizer(key),
        always=policy.identifiers.always | (inventoried - never),
        never=never,
        keep_comments=policy.rules(Tier.RESTRICTED).keep_comments,
    )
    return {
        Tier.PUBLIC: IDENTITY,
        Tier.INTERNAL: _redactor(policy.rules(Tier.INTERNAL).secrets, key),
        # Secrets first: a key in a config file is a placeholder before code is parsed.
        Tier.RESTRICTED: Chain(_redactor(policy.rules(Tier.RESTRICTED).secrets, key), mutator),
        Tier.CONFIDENTIAL: IDENTITY,
    }


@functools.lru_cache(maxsize=16)
def _redactor(rules: SecretRules, key: bytes) -> SecretRedactor:
    # One scanner per set of rules: its cache then serves every tier that shares them.
    scanner = default_scanner(rules.account_patterns)
    return SecretRedactor(scanner, key, restore=rules.restore, block=rules.block, allow=rules.allow)
