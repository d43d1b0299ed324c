"""policies/schema.json describes what the reader accepts: the shipped policies validate,
and what the reader refuses the schema refuses too (editors and CI can check a policy
with the schema alone)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from detectors import known_names
from policy.errors import PolicyError
from policy.file import KNOWN_PROVIDERS, parse_policy
from policy.model import Tier
from providers.clients import KNOWN_TOOLS

POLICIES = Path(__file__).resolve().parents[2] / "policies"
SCHEMA = json.loads((POLICIES / "schema.json").read_text())


def as_json(text: str) -> object:
    # YAML reads dates as dates; the schema sees the text a JSON document would carry.
    return json.loads(json.dumps(yaml.safe_load(text), default=lambda d: d.isoformat()))


@pytest.mark.parametrize("path", sorted(POLICIES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_policies_validate(path: Path) -> None:
    jsonschema.validate(as_json(path.read_text()), SCHEMA)
    parse_policy(path.read_bytes(), path.name, known_names())


@pytest.mark.parametrize(
    "extra",
    [
        "tier: x",
        "repositories: [{name: a}]",
        "repositories: [{name: a, tier: secret}]",
        "repositories: [{name: a, tier: public, rules: [{path: x}]}]",
        "tiers: {internal: {providers: {allow: [acme]}}}",
        "exceptions: [{tier: public, reason: r, approver: a, expires: 2030-01-01}]",
        "exceptions: [{user: u, tier: public, reason: r, approver: a, expires: soon}]",
        "identifiers: {always: Falcon}",
        "secrets: {restore: maybe}",
        "tiers: {internal: {comments: keep}}",
        "tiers: {restricted: {comments: strip}}",
        "tiers: {restricted: {hosts: {allow: ['https://api.anthropic.com/']}}}",
        "tiers: {public: {hosts: [api.openai.com]}}",
        "audit: {unrecorded: ignore}",
        "audit: {siem_queue_full: block}",
        "audit: {anchors: /mnt/x}",
        "tiers: {internal: {tools: {allow: [claude]}}}",
        "tiers: {internal: {tools: [claude-code]}}",
        "repositories: [{name: a, tier: public, rules: [{path: x, tier: public, ai_reviewers: 0}]}]",
        "repositories: [{name: a, tier: public, rules: [{path: x, tier: public, ai_reviewers: two}]}]",
    ],
)
def test_what_the_reader_refuses_the_schema_refuses(extra: str) -> None:
    text = f"version: 1\ndefault_tier: internal\n{extra}\n"
    with pytest.raises(PolicyError):
        parse_policy(text.encode(), "p.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(as_json(text), SCHEMA)


def test_what_the_reader_accepts_the_schema_accepts() -> None:
    text = (
        "version: 1\ndefault_tier: internal\ntiers:\n  restricted:\n    comments: keep\n"
        "    hosts: {allow: [api.anthropic.com, '*.openai.azure.com'], forbid: [x.openai.azure.com]}\n"
        "  internal: {hosts: {forbid: [openrouter.ai]}}\n"
        "audit: {unrecorded: forward, siem_queue_full: refuse}\n"
        "repositories:\n  - name: a\n    tier: public\n"
        "    rules: [{path: 'src/**', tier: restricted, ai_reviewers: 2}]\n"
    )
    policy = parse_policy(text.encode(), "p.yaml")
    jsonschema.validate(as_json(text), SCHEMA)
    assert policy.tiers[Tier.RESTRICTED].keep_comments
    assert policy.tiers[Tier.RESTRICTED].hosts_allow == ("api.anthropic.com", "*.openai.azure.com")
    assert policy.tiers[Tier.INTERNAL].hosts_forbid == ("openrouter.ai",)
    assert (policy.audit.unrecorded, policy.audit.siem_queue_full) == ("forward", "refuse")


def test_the_schema_knows_the_same_providers() -> None:
    assert set(SCHEMA["$defs"]["provider"]["enum"]) == KNOWN_PROVIDERS


def test_the_schema_names_the_tools_the_reader_knows() -> None:
    assert set(SCHEMA["$defs"]["tool"]["enum"]) == set(KNOWN_TOOLS)
