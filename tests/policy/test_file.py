from __future__ import annotations

from pathlib import Path

import pytest

from installation.home import SHIPPED_DEFAULT_POLICY
from policy.errors import PolicyError
from policy.file import load_policy, parse_policy
from policy.model import Limits, SecretRules, Tier


def test_the_shipped_default_is_restricted() -> None:
    policy = parse_policy(SHIPPED_DEFAULT_POLICY.read_bytes(), "default.yaml")
    assert policy.default_tier is Tier.RESTRICTED
    assert len(policy.digest) == 64


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "version: 1\ndefault_tier: secret\n",
            "p.yaml:2: default_tier: unknown tier 'secret' (tiers: public,",
        ),
        ("version: 1\ndefault_tier: public\ntier: x\n", "p.yaml:3: tier: unknown key"),
        ("version: 2\ndefault_tier: public\n", "p.yaml:1: version: unsupported version '2'"),
        ("version: 1\n", "p.yaml:1: default_tier: is missing"),
        ("version: 1\ndefault_tier: [a]\n", "p.yaml:2: default_tier: must be a single value"),
        ("version: 1\n  default_tier: x: y\n", "p.yaml:2: is not valid YAML"),
        ("- a\n", "p.yaml:1: must be a mapping"),
        ("", "p.yaml: must be a mapping"),
        (
            "version: 1\ndefault_tier: public\ntiers:\n  internal:\n    comments: keep\n",
            "p.yaml:5: tiers.internal.comments: only the restricted tier renames identifiers",
        ),
        (
            "version: 1\ndefault_tier: public\ntiers:\n  restricted:\n    comments: strip\n",
            "p.yaml:5: tiers.restricted.comments: must be keep or rename, not 'strip'",
        ),
        (
            "version: 1\ndefault_tier: public\ntiers:\n  public:\n    hosts: {allow: ['https://x.ai/']}\n",
            "p.yaml:5: tiers.public.hosts.allow: 'https://x.ai/' is not a host name",
        ),
        (
            "version: 1\ndefault_tier: public\nlimits: {rewrite_seconds: 0}\n",
            "p.yaml:3: limits.rewrite_seconds: must be more than 0",
        ),
        (
            "version: 1\ndefault_tier: public\nlimits: {body_mb: 1.5}\n",
            "p.yaml:3: limits.body_mb: must be a whole number",
        ),
        (
            "version: 1\ndefault_tier: public\naudit:\n  unrecorded: ignore\n",
            "p.yaml:4: audit.unrecorded: must be refuse or forward, not 'ignore'",
        ),
        (
            "version: 1\ndefault_tier: public\nrepositories:\n  - name: a\n    tier: public\n    rules:\n"
            "      - {path: 'src/ledger/**', tier: restricted, ai_reviewers: 0}\n",
            "p.yaml:7: repositories[0].rules[0].ai_reviewers: must be more than 0",
        ),
        (
            "version: 1\ndefault_tier: public\nrepositories:\n  - name: a\n    tier: public\n    rules:\n"
            "      - {path: 'src/ledger/**', tier: restricted, ai_reviewers: two}\n",
            "p.yaml:7: repositories[0].rules[0].ai_reviewers: must be a whole number, not 'two'",
        ),
    ],
)
def test_errors_name_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text.encode(), "p.yaml")
    assert str(caught.value).startswith(message)


def test_limits_are_read_and_default_to_a_few_seconds() -> None:
    assert parse_policy(b"version: 1\ndefault_tier: public\n", "p").limits == Limits(5.0, 64)
    text = b"version: 1\ndefault_tier: public\nlimits: {rewrite_seconds: 0.5, body_mb: 8}\n"
    assert parse_policy(text, "p").limits == Limits(0.5, 8)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(tmp_path / "missing.yaml")


def test_only_restricted_and_confidential_fail_closed() -> None:
    assert [t for t in Tier if t.fails_closed] == [Tier.RESTRICTED, Tier.CONFIDENTIAL]


def test_secret_rules_default_to_redact_and_restore() -> None:
    policy = parse_policy(b"version: 1\ndefault_tier: internal\n", "p.yaml")
    assert policy.secrets == SecretRules(restore=True, block=frozenset())


def test_secret_rules_are_read() -> None:
    text = (
        b"version: 1\ndefault_tier: internal\nsecrets:\n  restore: false\n  block: [private_key, iban]\n"
        b"  account_patterns: ['ACC-\\d{8}']\n"
    )
    policy = parse_policy(text, "p.yaml", frozenset({"private_key", "iban", "jwt"}))
    assert policy.secrets == SecretRules(
        restore=False, block=frozenset({"private_key", "iban"}), account_patterns=(r"ACC-\d{8}",)
    )


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        ("secrets: yes", "p.yaml:3: secrets: must be a mapping"),
        ("secrets:\n  restore: maybe", "p.yaml:4: secrets.restore: must be true or false, not 'maybe'"),
        ("secrets:\n  block: private_key", "p.yaml:4: secrets.block: must be a list"),
        (
            "secrets:\n  block: [private_key, passport]",
            "p.yaml:4: secrets.block: unknown kind or category 'passport'",
        ),
        (
            "secrets:\n  redact: true",
            "p.yaml:4: secrets.redact: unknown key (known: account_patterns, allow, block, restore)",
        ),
        (
            "secrets:\n  block: [private_key]\n  allow: [private_key]",
            "p.yaml:5: secrets.allow: private_key both blocked and allowed",
        ),
        (
            "secrets:\n  block: [private_key]\ntiers:\n  internal:\n    secrets: {allow: [private_key]}",
            "p.yaml:7: tiers.internal.secrets.allow: private_key both blocked and allowed",
        ),
        (
            "secrets:\n  account_patterns: ['ACC-(\\d+']",
            "p.yaml:4: secrets.account_patterns: is not a valid regular expression",
        ),
        (
            "secrets:\n  account_patterns: ['x*']",
            "p.yaml:4: secrets.account_patterns: 'x*' matches the empty",
        ),
    ],
)
def test_secret_rule_errors_name_file_line_and_key(secrets: str, message: str) -> None:
    text = f"version: 1\ndefault_tier: internal\n{secrets}\n".encode()
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.yaml", frozenset({"private_key"}))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("audit", "tier", "record", "siem"),
    [
        ("", Tier.PUBLIC, True, False),
        ("", Tier.RESTRICTED, True, True),
        ("audit: {unrecorded: forward}", Tier.INTERNAL, False, False),
        ("audit: {unrecorded: forward}", Tier.CONFIDENTIAL, True, True),
        ("audit: {siem_queue_full: refuse}", Tier.PUBLIC, True, True),
    ],
)
def test_the_audit_rules_bind_public_and_internal_only(
    audit: str, tier: Tier, record: bool, siem: bool
) -> None:
    """Restricted and confidential always need their record and their SIEM events (Vault's rule)."""
    policy = parse_policy(f"version: 1\ndefault_tier: public\n{audit}\n".encode(), "p.yaml")
    assert (policy.needs_record(tier), policy.needs_siem(tier)) == (record, siem)


def test_a_path_rule_names_the_reviewers_ai_lines_need() -> None:
    policy = parse_policy(
        b"version: 1\ndefault_tier: public\nrepositories:\n  - name: a\n    tier: restricted\n    rules:\n"
        b"      - {path: 'src/ledger/**', tier: confidential, ai_reviewers: 2}\n"
        b"      - {path: 'src/calculations/**', tier: restricted}\n",
        "p.yaml",
    )
    rules = policy.repositories[0].path_rules
    assert [(r.glob, r.ai_reviewers) for r in rules] == [("src/ledger/**", 2), ("src/calculations/**", 0)]
