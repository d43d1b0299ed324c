"""AI endpoints Pretense recognises but does not rewrite, through the real proxy: blocked
where the tier requires rewriting, passed and logged elsewhere, never as if inspected."""

from __future__ import annotations

import openai
import pytest

from tests.e2e.conftest import Proxies
from tests.e2e.fake_provider import FakeProvider

pytestmark = pytest.mark.e2e


def responses(proxies: Proxies, tier: str, monkeypatch: pytest.MonkeyPatch) -> openai.OpenAI:
    for name, value in proxies.get(tier).environment().items():
        monkeypatch.setenv(name, value)
    return openai.OpenAI(api_key="sk-test", max_retries=0)


def test_the_restricted_tier_blocks_the_legacy_completions_api_with_a_reason(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = responses(proxies, "restricted", monkeypatch)
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.completions.create(model="gpt-3.5-turbo-instruct", prompt="refactor class AccountLedger")
    assert fake.received == []
    assert refused.value.status_code == 403
    assert refused.value.body["message"] == (  # type: ignore[index]
        "Pretense blocked this request: Pretense cannot inspect this request: OpenAI's legacy "
        "completions API is not rewritten; the restricted tier forwards nothing it cannot rewrite."
    )


def test_the_public_tier_passes_it_and_says_it_was_not_inspected(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = responses(proxies, "public", monkeypatch)
    client.completions.create(model="gpt-3.5-turbo-instruct", prompt="refactor class AccountLedger")
    assert b"AccountLedger" in fake.only().body
    assert (
        "forwarding /v1/completions unchanged (public tier): Pretense cannot inspect"
        in proxies.get("public").log.read_text()
    )
