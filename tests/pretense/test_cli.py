"""The `pretense` command as a user runs it: a real process, its output and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.device import SignInTokens, TokenFile
from policy.attribution import tag_credentials
from tests.cli import PRETENSE, pretense
from tests.e2e.conftest import free_port
from tests.gateway.issuer import ISSUER, FakeIssuer


@pytest.mark.parametrize(
    "command",
    [[], ["init"], ["start"], ["run"], ["env"], ["mutate"], ["inventory"], ["incident"], ["evidence"],
     ["evidence", "verify"], ["dashboard"]],
)  # fmt: skip
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    result = pretense(tmp_path, *command, "--help")
    assert result.returncode == 0
    assert "Usage: pretense" in result.stdout


def test_init_creates_the_home_and_says_where(tmp_path: Path) -> None:
    result = pretense(tmp_path, "init", "--offline")
    assert result.returncode == 0
    assert "offline: Pretense makes no outbound connection" in result.stderr
    assert f"CA certificate to trust: {tmp_path}/certs/mitmproxy-ca-cert.pem" in result.stderr
    assert (tmp_path / "pretense.key").exists()


def test_env_prints_exports_a_shell_can_eval(tmp_path: Path) -> None:
    exports = pretense(tmp_path, "env", "--port", "9999").stdout
    shown = subprocess.run(
        [
            "sh",
            "-c",
            'eval "$1"; echo "$HTTPS_PROXY $NODE_EXTRA_CA_CERTS $SSL_CERT_FILE $CODEX_CA_CERTIFICATE"',
            "sh",
            exports,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == [
        "http://127.0.0.1:9999",
        f"{tmp_path}/certs/mitmproxy-ca-cert.pem",
        f"{tmp_path}/certs/pretense-ca-bundle.pem",
        f"{tmp_path}/certs/pretense-ca-bundle.pem",
    ]
    for name in ("HTTP_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        assert f"export {name}=" in exports


def test_run_gives_the_command_its_settings_and_exit_status(tmp_path: Path) -> None:
    result = pretense(
        tmp_path, "run", "--port", "9", "--", "sh", "-c", 'echo "$HTTPS_PROXY $REQUESTS_CA_BUNDLE"; exit 3'
    )
    assert result.returncode == 3
    assert result.stdout == f"http://127.0.0.1:9 {tmp_path}/certs/pretense-ca-bundle.pem\n"
    assert "nothing is listening at http://127.0.0.1:9" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["run", "--", "no-such-command-x"], "pretense: command not found: no-such-command-x\n"),
        (
            ["start", "--host", "0.0.0.0", "--local-only"],
            "pretense: --local-only refuses to listen on 0.0.0.0",
        ),
        (
            ["start", "--siem-format", "cef"],
            "pretense: a SIEM needs both a format (cef, leef, ocsf) and an endpoint",
        ),
        (["start", "--policy", "/nonexistent.yaml"], "pretense: /nonexistent.yaml: cannot be read"),
    ],
)
def test_errors_are_one_sentence_and_a_failure_status(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = pretense(tmp_path, *arguments)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(message.rstrip("\n"))
    assert "Traceback" not in result.stderr


def test_a_broken_policy_names_file_line_and_key(tmp_path: Path) -> None:
    policy = tmp_path / "broken.yaml"
    policy.write_text("version: 1\ndefault_tier: top-secret\n")
    result = pretense(tmp_path, "start", "--policy", str(policy))
    assert result.returncode == 1
    assert f"pretense: {policy}:2: default_tier: unknown tier 'top-secret'" in result.stderr


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[Path, int, subprocess.Popen[str]]]:
    port = free_port()
    log = (tmp_path / "start.log").open("w")
    process = subprocess.Popen(
        [PRETENSE, "start", "--port", str(port)],
        env=os.environ | {"PRETENSE_HOME": str(tmp_path)},
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while b"proxy listening at" not in (tmp_path / "start.log").read_bytes():
        assert process.poll() is None, (tmp_path / "start.log").read_text()
        assert time.monotonic() < deadline, "pretense start did not listen in time"
        time.sleep(0.05)
    yield tmp_path, port, process
    process.terminate()
    process.wait(10)
    log.close()


@pytest.mark.e2e
def test_start_serves_the_suite_and_run_sends_a_tool_through_it(
    started: tuple[Path, int, subprocess.Popen[str]],
) -> None:
    home, port, _ = started
    # The shipped policy is restricted: an unreadable body is refused by the suite itself,
    # so this needs no provider, and curl trusts the CA only through what `run` sets.
    result = pretense(
        home,
        "run",
        "--port",
        str(port),
        "--",
        "curl",
        "--silent",
        "https://api.anthropic.com/v1/messages",
        "--data-binary",
        "{not json",
    )
    error = json.loads(result.stdout)
    assert error["type"] == "error"
    assert error["error"]["message"].startswith("Pretense blocked this request")
    startup = (home / "start.log").read_text()
    assert f"Pretense proxy on http://127.0.0.1:{port}" in startup
    assert "Trust the CA" in startup
    assert "pretense run -- claude" in startup


@pytest.mark.e2e
def test_start_refuses_a_port_in_use(started: tuple[Path, int, subprocess.Popen[str]]) -> None:
    home, port, _ = started
    result = pretense(home, "start", "--port", str(port))
    assert result.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in result.stderr


def test_mutate_shows_what_would_leave_the_machine(tmp_path: Path) -> None:
    source = tmp_path / "ledger.py"
    source.write_text("class AccountHolder:\n    def rebalance(self):\n        return 1\n")
    shown = pretense(tmp_path, "mutate", str(source))
    assert shown.returncode == 0
    assert "AccountHolder" not in shown.stdout
    assert "rebalance" not in shown.stdout
    assert shown.stdout.startswith("class Zq")
    again = pretense(tmp_path, "mutate", str(source), "--diff").stdout
    assert "-class AccountHolder:\n-    def rebalance(self):\n+class Zq" in again
    config = tmp_path / "settings.py"
    config.write_text('DATABASE_URL = "postgres://ledger:Vx9tq2LmR7pW@db/ledger"\n')
    redacted = pretense(tmp_path, "mutate", str(config))
    assert "Vx9tq2LmR7pW" not in redacted.stdout
    assert "postgres://ledger:REDACTED_URL_PASSWORD_" in redacted.stdout
    assert "redacted 1 x url_password" in redacted.stderr
    key = tmp_path / "deploy.py"
    key.write_text('KEY = """-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBv2\n-----END EC PRIVATE KEY-----"""\n')
    policy = tmp_path / "strict.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\nsecrets:\n  block: [private_key]\n")
    blocked = pretense(tmp_path, "mutate", str(key), "--policy", str(policy))
    assert blocked.returncode == 1
    assert "the proxy would block this request: it contains private key (0, line 1)" in blocked.stderr
    assert "MHcCAQEEIBv2" not in blocked.stderr
    missing = pretense(tmp_path, "mutate", str(tmp_path / "none.py"))
    assert missing.returncode == 1
    assert missing.stderr.startswith("pretense: cannot read")


@pytest.mark.parametrize(("flag", "option"), [((), None), (("--no-copilot-token-hosts",), "false")])
def test_start_can_leave_the_copilot_token_exchange_tunnelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: tuple[str, ...], option: str | None
) -> None:
    import mitmproxy.tools.main
    from typer.testing import CliRunner

    from pretense import cli

    started: list[list[str]] = []
    monkeypatch.setenv("PRETENSE_HOME", str(tmp_path))
    monkeypatch.setattr(mitmproxy.tools.main, "mitmdump", started.append)
    result = CliRunner().invoke(cli.app, ["start", "--port", str(free_port()), *flag])
    assert result.exit_code == 0, result.output
    (arguments,) = started
    settings = [arguments[i + 1] for i, a in enumerate(arguments) if a == "--set"]
    learned = [s.partition("=")[2] for s in settings if s.startswith("pretense_copilot_token_hosts=")]
    assert learned == ([option] if option else [])


def test_policy_explain_says_whether_the_tier_approves_the_tool(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "version: 1\ndefault_tier: restricted\ntiers:\n  restricted: {tools: {allow: [claude-code]}}\n"
    )
    request = tmp_path / "request.json"
    request.write_text('{"model": "claude-sonnet-5-5", "messages": [{"role": "user", "content": "hi"}]}')
    refused = pretense(
        tmp_path, "policy", "explain", str(request), "--policy", str(policy), "--tool", "codex"
    )
    assert "approves only these AI tools: Claude Code" in refused.stdout, refused.stdout + refused.stderr
    allowed = pretense(
        tmp_path, "policy", "explain", str(request), "--policy", str(policy), "--tool", "claude-code"
    )
    assert "BLOCKED" not in allowed.stdout


def test_a_wrong_period_is_one_line_naming_the_option(tmp_path: Path) -> None:
    result = pretense(tmp_path, "inventory", "--since", "last tuesday")
    assert result.returncode == 2
    assert "--since 'last tuesday' is not a date, a time or a span" in " ".join(result.stderr.split())


def test_after_pretense_login_env_presents_the_sign_in_as_proxy_credentials(tmp_path: Path) -> None:
    issuer = FakeIssuer()
    tokens = SignInTokens(
        ISSUER,
        "pretense",
        ISSUER + "/token",
        issuer.token(),
        "rt",
        None,
        time.time() + 3600,
        "alice@bank.example",
    )
    (tmp_path / "home").mkdir()
    TokenFile(tmp_path / "home").save(tokens)
    exports = pretense(tmp_path / "home", "env", "--host", "gw.bank.example", "--port", "3128").stdout
    user, password = tag_credentials(None, tokens.id_token)
    assert f"HTTPS_PROXY=http://{user}:{password}@gw.bank.example:3128" in exports


def test_an_expired_sign_in_that_cannot_be_refreshed_warns_and_presents_nothing(tmp_path: Path) -> None:
    expired = SignInTokens(ISSUER, "pretense", "http://127.0.0.1:9/token", "x.y.z", "rt", None, 0, "alice")
    (tmp_path / "home").mkdir()
    TokenFile(tmp_path / "home").save(expired)
    done = pretense(tmp_path / "home", "env")
    assert "WARNING: cannot reach" in done.stderr
    assert "HTTPS_PROXY=http://127.0.0.1:8080" in done.stdout
