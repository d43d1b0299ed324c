"""The policy through the real proxy: each attribution source, each tier, path rules,
exceptions that expire, provider rules, and a policy file changed while it runs."""

from __future__ import annotations

import datetime
import hashlib
import json
import ssl
import subprocess
import time
from pathlib import Path

import anthropic
import bcrypt
import httpx2
import openai
import pytest

from policy import inventory as index
from tests.e2e.conftest import ENTRY_SCRIPT, REDIRECT_SCRIPT, Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e

TODAY = datetime.date.today()
REPOSITORIES = f"""
exception_contact: appsec@bank.example
repositories:
  - name: ledger
    tier: internal
    paths: ['/work/ledger']
    rules:
      - path: 'src/settlement/**'
        tier: confidential
  - name: trading
    tier: confidential
    paths: ['/work/trading']
  - name: wealth
    tier: restricted
    paths: ['/work/wealth']
  - name: wiki
    tier: public
    paths: ['/work/wiki']
tiers:
  internal:
    providers: {{forbid: [openai]}}
exceptions:
  - repository: wealth
    tier: internal
    reason: vendor migration
    approver: ciso@bank.example
    expires: {TODAY + datetime.timedelta(days=1)}
  - repository: wiki
    tier: confidential
    reason: embargoed release notes
    approver: ciso@bank.example
    expires: {TODAY - datetime.timedelta(days=1)}
"""
AWS = "AKIAQ3EGUZ7T2XN5MBRW"


@pytest.fixture
def proxy(proxies: Proxies) -> Proxy:
    return proxies.get("restricted", policy=REPOSITORIES)


def claude(proxy: Proxy, repository: str | None = None) -> anthropic.Anthropic:
    """A client as `pretense run [--repo]` would start one (the SDK reads its environment)."""
    environment = proxy.environment(repository)
    trust = ssl.create_default_context(cafile=environment["SSL_CERT_FILE"])
    http_client = httpx2.Client(proxy=environment["HTTPS_PROXY"], verify=trust)
    return anthropic.Anthropic(api_key="sk-ant-test", max_retries=0, http_client=http_client)


def ask(client: anthropic.Anthropic, system: str = "", read: str | None = None) -> None:
    messages: list[dict[str, object]] = [{"role": "user", "content": f"why? AWS_ACCESS_KEY_ID={AWS}"}]
    if read:
        call = {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": read}}
        messages += [
            {"role": "assistant", "content": [call]},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "x = 1"}],
            },
        ]
    client.messages.create(
        model="claude-sonnet-5-5",
        max_tokens=16,
        messages=messages,  # type: ignore[arg-type]
        **({"system": system} if system else {}),  # type: ignore[arg-type]
    )


def test_proxy_credentials_tag_the_repository_and_never_go_upstream(proxy: Proxy, fake: FakeProvider) -> None:
    ask(claude(proxy, "/work/ledger"))
    received = fake.only()
    assert AWS not in received.body.decode()  # internal: redacted
    assert "REDACTED_AWS_ACCESS_KEY_ID_" in received.body.decode()
    assert not any(name.lower() == "proxy-authorization" for name in received.headers)
    with pytest.raises(anthropic.PermissionDeniedError) as refused:
        ask(claude(proxy, "/work/trading/src"))
    message = refused.value.body["error"]["message"]  # type: ignore[index]
    assert message.startswith(
        "Pretense blocked this request: the confidential tier sends nothing to AI providers"
    )
    assert "repository trading (" in message
    assert "ask appsec@bank.example for a time-bound exception" in message
    assert len(fake.received) == 1


def test_a_client_hint_or_a_file_path_can_raise_the_tier_but_never_lower_it(
    proxy: Proxy, fake: FakeProvider
) -> None:
    # The wiki is public (its exception expired), but anyone can type a working directory
    # into a prompt: the request keeps the default tier (restricted), and says why.
    ask(claude(proxy), system="<env>\nWorking directory: /work/wiki\n</env>")
    assert AWS not in fake.received[-1].body.decode()
    record = last_request_record(proxy)
    chosen = (record["tier"], record["repository"], record["attribution"])
    assert chosen == ("restricted", "wiki", "client-hint")
    assert "named by text in the request (client-hint), cannot lower it" in str(record["rule"])
    with pytest.raises(anthropic.PermissionDeniedError) as refused:
        ask(claude(proxy), read="/work/trading/src/app.py")  # raised to confidential by the Read path
    assert "the confidential tier sends nothing" in str(refused.value)
    ask(claude(proxy, "/work/wiki"))  # `pretense run --repo` is not text in a prompt: it may lower
    assert AWS in fake.received[-1].body.decode()
    assert len(fake.received) == 2


def test_a_path_rule_raises_the_tier_and_names_itself(proxy: Proxy, fake: FakeProvider) -> None:
    with pytest.raises(anthropic.PermissionDeniedError) as refused:
        ask(claude(proxy, "/work/ledger"), read="/work/ledger/src/settlement/net.py")
    message = refused.value.body["error"]["message"]  # type: ignore[index]
    assert "path rule src/settlement/** of repository ledger" in message
    assert fake.received == []


def test_an_exception_that_has_not_expired_applies(proxy: Proxy, fake: FakeProvider) -> None:
    # wealth is restricted, but its exception makes it internal until tomorrow.
    ask(claude(proxy, "/work/wealth"))
    log = proxy.log.read_text()
    assert "exception used by" in log
    assert "vendor migration" in log
    assert "REDACTED_AWS_ACCESS_KEY_ID_" in fake.only().body.decode()


def test_a_tier_can_forbid_a_provider(
    proxy: Proxy, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in proxy.environment("/work/ledger").items():
        monkeypatch.setenv(name, value)
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": "hi"}])
    assert "the internal tier forbids provider openai" in str(refused.value)
    assert fake.received == []


def test_a_changed_policy_applies_without_restart_and_a_broken_one_is_refused(
    tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider
) -> None:
    provider.reset()
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\ndefault_tier: public\n")
    running = Proxy(tmp_path, policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))
    try:
        ask(claude(running))
        assert AWS in provider.received[-1].body.decode()
        policy.write_text("version: 1\ndefault_tier: secret\n")
        time.sleep(1.2)
        ask(claude(running))
        assert AWS in provider.received[-1].body.decode()  # the broken file changed nothing
        assert "cannot be used; the previous ones stay in force" in running.log.read_text()
        assert "policy.yaml:2: default_tier: unknown tier 'secret'" in running.log.read_text()
        policy.write_text("version: 1\ndefault_tier: internal\n")
        time.sleep(1.2)
        ask(claude(running))
        assert AWS not in provider.received[-1].body.decode()
        # The audit trail holds each policy in force, the reloaded one included, by its hash.
        last_request_record(running)
        trail = b"".join(p.read_bytes() for p in sorted(running.home.audit_trail.glob("trail-*")))
        policies = [json.loads(line)["sha256"] for line in trail.splitlines() if b'"type":"policy"' in line]
        assert policies == [
            hashlib.sha256(text).hexdigest()
            for text in (b"version: 1\ndefault_tier: public\n", b"version: 1\ndefault_tier: internal\n")
        ]
    finally:
        running.stop()


def test_an_inventory_attributes_a_request_and_its_names_are_renamed_without_a_definition(
    tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider
) -> None:
    provider.reset()
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ndefault_tier: public\nrepositories:\n"
        "  - {name: ledger, tier: restricted}\n  - {name: trading, tier: confidential}\n"
    )
    running = Proxy(tmp_path, policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))
    try:
        names = frozenset({"AccountHolder", "rebalance_portfolio", "settle_tranche"})
        index.save(tmp_path, index.Inventory("ledger", "/w/ledger", names))
        index.save(
            tmp_path,
            index.Inventory("trading", "/w/trading", frozenset({"OrderRouter", "MatchEngine", "BookDepth"})),
        )
        time.sleep(1.2)
        question = "Why does AccountHolder.rebalance_portfolio call settle_tranche twice?"
        claude(running).messages.create(
            model="claude-sonnet-5-5", max_tokens=16, messages=[{"role": "user", "content": question}]
        )
        sent = provider.only().body.decode()
        assert not any(name in sent for name in names)  # restricted: renamed with no definition in view
        with pytest.raises(anthropic.PermissionDeniedError) as refused:
            claude(running).messages.create(
                model="claude-sonnet-5-5",
                max_tokens=16,
                messages=[{"role": "user", "content": "OrderRouter feeds MatchEngine from BookDepth"}],
            )
        assert "repository trading" in refused.value.body["error"]["message"]  # type: ignore[index]
    finally:
        running.stop()


def last_request_record(proxy: Proxy) -> dict[str, object]:
    """The newest request record of the proxy's audit trail (written by its own thread)."""
    deadline = time.monotonic() + 10
    while True:
        lines = b"".join(p.read_bytes() for p in sorted(proxy.home.audit_trail.glob("trail-*"))).splitlines()
        records = [json.loads(line) for line in lines if b'"type":"request"' in line]
        if records or time.monotonic() > deadline:
            return records[-1]
        time.sleep(0.1)


TUNED = """
identifiers:
  always: [Northwind]
tiers:
  restricted:
    comments: keep
    secrets: {allow: [card_number]}
    hosts: {allow: [api.anthropic.com, '*.openai.azure.com'], forbid: [evil.openai.azure.com]}
"""
CODE = (
    "```python\n"
    "# settle_batch nets the day's trades for Northwind\n"
    "def settle_batch(trades):\n"
    "    return sum(t.amount for t in trades)  # settle_batch's total\n"
    "```"
)


def test_a_tier_can_keep_comments_and_allow_only_some_hosts(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("restricted", policy=TUNED)
    claude(proxy).messages.create(
        model="claude-sonnet-5-5",
        max_tokens=16,
        messages=[{"role": "user", "content": f"{CODE}\ntest card 4539148803436467, key {AWS}"}],
    )
    sent = fake.only().json()["messages"][0]["content"]
    # Test card numbers are allowed in this tier; the AWS key is not.
    assert sent.endswith("\ntest card 4539148803436467, key REDACTED_AWS_ACCESS_KEY_ID_", 0, -10)
    # The audit trail says what the policy let through, apart from what was redacted.
    record = last_request_record(proxy)
    assert record["detections"] == {"aws_access_key_id": 1, "card_number": 1}
    assert record["secrets_passed"] == {"card_number": 1}
    assert record["secrets_action"] == "redacted"
    lines = sent.split("\n")
    # The comments are as written but for the always-renamed client name; the code is renamed.
    assert lines[1].startswith("# settle_batch nets the day's trades for ")
    assert "Northwind" not in lines[1]
    assert "settle_batch" not in lines[2]
    assert lines[2].startswith("def ")
    assert lines[3].endswith("  # settle_batch's total")
    assert lines[3].split("(")[0] == "    return sum"
    # OpenAI's own host is not on the restricted tier's list: refused in OpenAI's shape.
    environment = proxy.environment()
    trust = ssl.create_default_context(cafile=environment["SSL_CERT_FILE"])
    client = openai.OpenAI(
        api_key="sk-test",
        max_retries=0,
        http_client=httpx2.Client(proxy=environment["HTTPS_PROXY"], verify=trust),
    )
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": "hi"}])
    assert (
        "the restricted tier allows only hosts api.anthropic.com, *.openai.azure.com, not api.openai.com"
        in str(refused.value)
    )
    # A Host header naming another host than the TLS name: refused, not guessed at.
    spoofed = subprocess.run(
        ["curl", "--silent", "https://api.openai.com/v1/chat/completions", "-H", "host: api.anthropic.com",
         "-H", "content-type: application/json", "--data-binary", '{"model":"gpt-4.1","messages":[]}'],
        env=environment, capture_output=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    assert b"the request names more than one host (api.anthropic.com, api.openai.com)" in spoofed
    assert len(fake.received) == 1


def test_on_a_gateway_the_user_is_the_authenticated_one_and_the_password_goes_nowhere(
    tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider
) -> None:
    """`pretense start --proxyauth @htpasswd`: each developer signs in to the proxy; the
    policy's user exceptions and the audit trail name them; the password is never written."""
    provider.reset()
    password = "correct-horse-battery-9"
    htpasswd = tmp_path / "htpasswd"
    htpasswd.write_text(f"alice:{bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()}\n")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\ndefault_tier: internal\nexceptions:\n"
        "  - {user: alice, tier: public, reason: red team exercise, approver: ciso@bank.example,"
        f" expires: {TODAY + datetime.timedelta(days=1)}}}\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    running = Proxy(
        home,
        policy,
        pki,
        provider.port,
        (ENTRY_SCRIPT, REDIRECT_SCRIPT),
        options={"proxyauth": f"@{htpasswd}"},
    )
    try:
        environment = running.environment()
        trust = ssl.create_default_context(cafile=environment["SSL_CERT_FILE"])

        def as_user(credentials: str) -> anthropic.Anthropic:
            url = (
                f"http://{credentials}@127.0.0.1:{running.port}"
                if credentials
                else f"http://127.0.0.1:{running.port}"
            )
            http_client = httpx2.Client(proxy=url, verify=trust)
            return anthropic.Anthropic(api_key="sk-ant-test", max_retries=0, http_client=http_client)

        with pytest.raises(anthropic.APIConnectionError):
            ask(as_user(""))  # no credentials: the proxy answers 407 to the CONNECT
        assert provider.received == []
        ask(as_user(f"alice:{password}"))
        assert AWS in provider.only().body.decode()  # alice's exception: public, as sent
        assert not any(name.lower() == "proxy-authorization" for name in provider.only().headers)
        record = last_request_record(running)
        assert (record["user"], record["user_source"], record["tier"]) == ("alice", "proxyauth", "public")
        assert "red team exercise" in str(record["exception"])
    finally:
        running.stop()
    written = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file() and "certs" not in p.parts)
    assert password.encode() not in written
    assert b"alice" in written
