"""The policy's decision for one request: repository tier, path rules, exceptions that
expire, provider and model rules, and the message a blocked developer reads."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from detectors import known_names
from policy.decision import decide
from policy.errors import PolicyError
from policy.file import load_policy, parse_policy
from policy.model import Attribution, Source, Tier
from providers.clients import ClientId
from providers.model import requested_model

EXAMPLE = Path(__file__).resolve().parents[2] / "policies" / "example-financial.yaml"
POLICY = load_policy(EXAMPLE, known_names())
HOME = os.path.expanduser("~")
BEFORE_EXPIRY = date(2026, 12, 1)
AFTER_EXPIRY = date(2026, 12, 19)


def at(directory: str, source: Source = Source.PROXY_CREDENTIALS) -> Attribution:
    found = POLICY.repository_at(directory)
    assert found is not None
    return Attribution(found[0], source, found[1], directory)


def test_the_worked_example_reads_as_documented() -> None:
    assert [r.name for r in POLICY.repositories] == [
        "trading-engine",
        "wealth-platform",
        "dev-tooling",
        "oss-forks",
    ]
    assert POLICY.identifiers.always == {"Falcon", "Kestrel", "NorthwindCapital"}
    assert POLICY.rules(Tier.RESTRICTED).providers_allow == {"anthropic", "azure-openai"}
    assert POLICY.rules(Tier.PUBLIC).secrets.restore is False
    assert POLICY.rules(Tier.INTERNAL).secrets.block == {"private_key"}  # inherited from secrets


def test_repositories_are_found_by_path_remote_and_name() -> None:
    assert POLICY.repository_at(f"{HOME}/src/wealth-platform/src/app.py") == (
        POLICY.repositories[1],
        f"{HOME}/src/wealth-platform",
    )
    assert POLICY.repository_at("/srv/build/42/trading-engine/x.cpp") is not None
    assert POLICY.repository_at(f"{HOME}/src/forks/requests")[0].name == "oss-forks"  # type: ignore[index]
    assert POLICY.repository_at("/tmp/elsewhere") is None
    assert POLICY.repository_by_remote("git@github.com:acme-bank/trading-engine.git").name == "trading-engine"  # type: ignore[union-attr]
    assert (
        POLICY.repository_by_remote("https://github.com/acme-bank/wealth-platform").name == "wealth-platform"
    )  # type: ignore[union-attr]
    assert POLICY.repository_by_name("acme-bank/dev-tooling").name == "dev-tooling"  # type: ignore[union-attr]


def test_each_tier_and_the_rule_that_chose_it() -> None:
    tooling = decide(POLICY, at(f"{HOME}/src/dev-tooling"), provider="openai", today=AFTER_EXPIRY)
    assert tooling.tier is Tier.INTERNAL
    assert tooling.rule == f"repository dev-tooling ({EXAMPLE}:42)"
    assert tooling.blocked is None
    fork = decide(POLICY, at(f"{HOME}/src/forks/x"), provider="openai", today=AFTER_EXPIRY)
    assert fork.tier is Tier.PUBLIC
    unknown = decide(POLICY, Attribution(None, Source.DEFAULT), provider="anthropic", today=AFTER_EXPIRY)
    assert unknown.tier is Tier.RESTRICTED
    assert unknown.rule.startswith("the default tier")
    trading = decide(POLICY, at(f"{HOME}/src/trading-engine"), provider="anthropic", today=AFTER_EXPIRY)
    assert trading.tier is Tier.CONFIDENTIAL
    assert trading.blocked is not None
    assert trading.blocked.startswith(
        f"the confidential tier sends nothing to AI providers (repository trading-engine ({EXAMPLE}:29)). "
        "To send it anyway, ask appsec@acme-bank.example for a time-bound exception"
    )


@pytest.mark.parametrize("source", [Source.CLIENT_HINT, Source.FILE_PATH, Source.INDEX])
def test_text_in_a_request_raises_the_tier_but_never_lowers_it(source: Source) -> None:
    fork = decide(POLICY, at(f"{HOME}/src/forks/x", source), provider="anthropic", today=AFTER_EXPIRY)
    assert fork.tier is Tier.RESTRICTED  # the fork is public, the default restricted
    assert fork.rule.startswith(f"the default tier ({EXAMPLE}): repository oss-forks, named by text")
    trading = decide(
        POLICY, at(f"{HOME}/src/trading-engine", source), provider="anthropic", today=AFTER_EXPIRY
    )
    assert trading.tier is Tier.CONFIDENTIAL


def test_a_path_rule_raises_the_tier_of_the_files_it_matches() -> None:
    wealth = at(f"{HOME}/src/wealth-platform")
    plain = decide(
        POLICY,
        wealth,
        files=[f"{HOME}/src/wealth-platform/src/app.py"],
        provider="anthropic",
        today=AFTER_EXPIRY,
    )
    assert plain.tier is Tier.RESTRICTED
    ledger = decide(
        POLICY,
        wealth,
        files=[f"{HOME}/src/wealth-platform/src/ledger/post.py"],
        provider="anthropic",
        today=AFTER_EXPIRY,
    )
    assert ledger.tier is Tier.CONFIDENTIAL
    assert ledger.rule == f"path rule src/ledger/** of repository wealth-platform ({EXAMPLE}:39)"
    relative = decide(
        POLICY, wealth, files=["src/ledger/deep/er.py"], provider="anthropic", today=AFTER_EXPIRY
    )
    assert relative.tier is Tier.CONFIDENTIAL


def test_an_exception_applies_until_it_expires_and_path_rules_still_hold() -> None:
    wealth = at(f"{HOME}/src/wealth-platform")
    during = decide(POLICY, wealth, provider="openai", today=BEFORE_EXPIRY)
    assert during.tier is Tier.INTERNAL
    assert during.exception is not None
    assert "approved by ciso@acme-bank.example" in during.rule
    after = decide(POLICY, wealth, provider="anthropic", today=AFTER_EXPIRY)
    assert after.tier is Tier.RESTRICTED
    assert after.exception is None
    ledger = decide(POLICY, wealth, files=["src/ledger/x.py"], provider="openai", today=BEFORE_EXPIRY)
    assert ledger.tier is Tier.CONFIDENTIAL


def test_a_user_exception() -> None:
    text = (
        b"version: 1\ndefault_tier: confidential\nexceptions:\n"
        b"  - user: alice\n    tier: internal\n    reason: r\n    approver: a\n    expires: 2030-01-01\n"
    )
    policy = parse_policy(text, "p.yaml")
    nobody = Attribution(None, Source.DEFAULT)
    assert decide(policy, nobody, user="alice", today=BEFORE_EXPIRY).tier is Tier.INTERNAL
    assert decide(policy, nobody, user="bob", today=BEFORE_EXPIRY).tier is Tier.CONFIDENTIAL


def test_providers_and_models_a_tier_allows() -> None:
    wealth = at(f"{HOME}/src/wealth-platform")
    openai = decide(POLICY, wealth, provider="openai", model="gpt-5", today=AFTER_EXPIRY)
    assert openai.blocked is not None
    assert openai.blocked.startswith(
        "the restricted tier allows only providers anthropic, azure-openai, not openai"
    )
    preview = decide(POLICY, wealth, provider="anthropic", model="claude-x-preview-1", today=AFTER_EXPIRY)
    assert preview.blocked is not None
    assert preview.blocked.startswith("the restricted tier forbids model claude-x-preview-1")
    assert (
        decide(POLICY, wealth, provider="anthropic", model="claude-sonnet-5", today=AFTER_EXPIRY).blocked
        is None
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("repositories: x", "p.yaml:3: repositories: must be a list"),
        ("repositories:\n  - name: a\n", "p.yaml:4: repositories[0].tier: is missing"),
        (
            "repositories:\n  - {name: a, tier: secret}",
            "p.yaml:4: repositories[0].tier: unknown tier 'secret'",
        ),
        (
            "repositories:\n  - {name: a, tier: public, paths: ['[z-a]']}",
            "p.yaml:4: repositories[0].paths: '[z-a]' is not a valid glob",
        ),
        (
            "repositories:\n  - name: a\n    tier: public\n    rules:\n      - {path: 'x/**', tier: top}",
            "p.yaml:7: repositories[0].rules[0].tier: unknown tier 'top'",
        ),
        (
            "tiers:\n  internal:\n    providers: {allow: [acme]}",
            "p.yaml:5: tiers.internal.providers.allow: unknown provider 'acme'",
        ),
        ("tiers:\n  secret: {}", "p.yaml:4: tiers.secret: unknown key"),
        (
            "exceptions:\n  - {tier: public, reason: r, approver: a, expires: 2030-01-01}",
            "p.yaml:4: exceptions[0]: names neither a repository, a user nor a group",
        ),
        (
            "exceptions:\n  - {user: u, tier: public, reason: r, approver: a, expires: soon}",
            "p.yaml:4: exceptions[0].expires: 'soon' is not a date",
        ),
        (
            "exceptions:\n  - {user: u, tier: public, reason: r, expires: 2030-01-01}",
            "p.yaml:4: exceptions[0].approver: is missing",
        ),
        ("identifiers: {always: Falcon}", "p.yaml:3: identifiers.always: must be a list"),
    ],
)
def test_errors_name_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(f"version: 1\ndefault_tier: internal\n{text}\n".encode(), "p.yaml")
    assert str(caught.value).startswith(message)


def test_hosts_a_tier_allows() -> None:
    wealth = at(f"{HOME}/src/wealth-platform")

    def blocked(host: str) -> str | None:
        return decide(
            POLICY, wealth, provider="azure-openai", model="gpt-5", host=host, today=AFTER_EXPIRY
        ).blocked

    assert blocked("acme-trading.openai.azure.com") is None
    assert blocked("ACME-EU.openai.azure.com") is None  # host names are case-insensitive
    refused = blocked("someone-else.openai.azure.com")
    assert refused is not None
    assert refused.startswith(
        "the restricted tier allows only hosts api.anthropic.com, acme-*.openai.azure.com, "
        f"not someone-else.openai.azure.com ({EXAMPLE}:21)"
    )
    assert "ask appsec@acme-bank.example for a time-bound exception" in refused
    # The other tiers say nothing of hosts: any AI host the router selects.
    tooling = at(f"{HOME}/src/dev-tooling")
    assert (
        decide(POLICY, tooling, provider="openai", host="api.openai.com", today=AFTER_EXPIRY).blocked is None
    )
    forbidding = parse_policy(
        b"version: 1\ndefault_tier: internal\ntiers:\n"
        b"  internal: {hosts: {forbid: ['*.openrouter.ai', openrouter.ai]}}\n",
        "p.yaml",
    )
    nobody = Attribution(None, Source.DEFAULT)
    refused = decide(forbidding, nobody, provider="openrouter", host="openrouter.ai").blocked
    assert refused is not None
    assert refused.startswith("the internal tier forbids host openrouter.ai (p.yaml:4)")


@pytest.mark.parametrize(
    ("path", "body", "model"),
    [
        ("/v1/messages", b'{"max_tokens": 1, "model" : "claude-sonnet-5"}', "claude-sonnet-5"),
        ("/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse", b"{}", "gemini-3-pro-preview"),
        (
            "/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:generateContent",
            b"{}",
            "gemini-2.5-pro",
        ),
        ("/openai/deployments/gpt-5-prod/chat/completions?api-version=1", b"{}", "gpt-5-prod"),
        ("/v1/engines/gpt-4o-copilot/completions", b'{"prompt": "x"}', "gpt-4o-copilot"),
        ("/v1/chat/completions", b"{}", ""),
    ],
)
def test_the_model_a_request_asks_for(path: str, body: bytes, model: str) -> None:
    assert requested_model(path, body) == model


def test_a_model_rule_applies_to_models_named_in_the_url() -> None:
    wealth = at(f"{HOME}/src/wealth-platform")
    model = requested_model("/v1beta/models/gemini-3-pro-preview:generateContent", b"{}")
    refused = decide(POLICY, wealth, provider="anthropic", model=model, today=AFTER_EXPIRY).blocked
    assert refused is not None
    assert refused.startswith("the restricted tier forbids model gemini-3-pro-preview")


APPROVED_TOOLS = parse_policy(
    b"version: 1\ndefault_tier: restricted\nexception_contact: appsec@bank.example\ntiers:\n"
    b"  restricted: {tools: {allow: [claude-code, codex]}}\n  internal: {tools: {forbid: [cursor]}}\n",
    "policy.yaml",
)


@pytest.mark.parametrize(
    ("tool", "tier", "approved"),
    [
        ("claude-code", Tier.RESTRICTED, True),
        ("codex", Tier.RESTRICTED, True),
        ("gemini-cli", Tier.RESTRICTED, False),
        ("unknown", Tier.RESTRICTED, False),
        ("cursor", Tier.INTERNAL, False),
        ("gemini-cli", Tier.INTERNAL, True),
        ("cursor", Tier.PUBLIC, None),
    ],
)
def test_a_tier_approves_the_tools_it_names(tool: str, tier: Tier, approved: bool | None) -> None:
    assert APPROVED_TOOLS.rules(tier).approves(tool) is approved


def test_an_unapproved_tool_is_blocked_with_the_approved_ones_and_what_to_do() -> None:
    unattributed = Attribution(None, Source.DEFAULT)
    decision = decide(APPROVED_TOOLS, unattributed, client=ClientId("gemini-cli", "0.61.0"))
    assert decision.tool_approved is False
    assert decision.blocked is not None
    assert "approves only these AI tools: Claude Code, Codex CLI (policy.yaml:5)" in decision.blocked
    assert "this request came from Gemini CLI 0.61.0. Use one of the approved tools" in decision.blocked
    assert "ask appsec@bank.example" in decision.blocked
    allowed = decide(APPROVED_TOOLS, unattributed, client=ClientId("claude-code", "2.1.332"))
    assert allowed.blocked is None
    assert allowed.tool_approved is True
    assert decide(POLICY, unattributed, client=ClientId("curl")).tool_approved is None


def test_an_unknown_tool_in_the_policy_is_one_line_with_its_place() -> None:
    with pytest.raises(PolicyError, match=r"p.yaml:3: tiers.internal.tools.allow: unknown AI tool 'claude'"):
        parse_policy(
            b"version: 1\ndefault_tier: internal\ntiers: {internal: {tools: {allow: [claude]}}}\n", "p.yaml"
        )


def test_a_group_exception_applies_to_its_members_only() -> None:
    text = (
        b"version: 1\ndefault_tier: restricted\nexceptions:\n"
        b"  - group: payments-oss\n    tier: public\n    reason: r\n    approver: a\n"
        b"    expires: 2030-01-01\n"
    )
    policy = parse_policy(text, "p.yaml")
    nobody = Attribution(None, Source.DEFAULT)
    member = decide(policy, nobody, user="alice", groups=frozenset({"payments-oss"}), today=BEFORE_EXPIRY)
    assert member.tier is Tier.PUBLIC
    assert "group payments-oss" in member.rule
    assert (
        decide(policy, nobody, user="bob", groups=frozenset({"dev"}), today=BEFORE_EXPIRY).tier
        is Tier.RESTRICTED
    )
