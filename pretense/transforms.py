"""What each tier does to a request's text, built from the policy and the installation key:
public passes it, internal redacts secrets and client data, restricted also renames the
proprietary identifiers (confidential requests never get this far)."""

from __future__ import annotations

from detectors import default_scanner
from mutators.base import IDENTITY, RequestTransform
from mutators.chain import Chain
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.redaction import SecretRedactor
from pretense.policy import Policy, Tier


def tier_transforms(policy: Policy, key: bytes) -> dict[Tier, RequestTransform]:
    rules = policy.secrets
    scanner = default_scanner(rules.account_patterns)
    redactor = SecretRedactor(scanner, key, restore=rules.restore, block=rules.block)
    mutator = IdentifierMutator(Pseudonymizer(key))
    return {
        Tier.PUBLIC: IDENTITY,
        Tier.INTERNAL: redactor,
        # Secrets first: a key in a config file is a placeholder before code is parsed.
        Tier.RESTRICTED: Chain(redactor, mutator),
        Tier.CONFIDENTIAL: IDENTITY,
    }
