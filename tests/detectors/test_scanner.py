from __future__ import annotations

import json

import pytest

from detectors import Category, Scanner, default_scanner
from detectors.catalog import CATALOG

SCANNER = default_scanner()


def found(text: str, scanner: Scanner = SCANNER) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scanner.scan(text)]


# One value of each kind, in a context where it turns up; the expected span is the value only.
EXAMPLES = [
    ("aws_access_key_id", "export AWS_ACCESS_KEY_ID={}", "AKIAQ3EGUZ7T2XN5MBRW"),
    ("aws_secret_access_key", 'aws_secret_access_key = "{}"', "k3bL9q0pZr8nXy2Vw4mT6sUoE1aD5fGhJiKlMnOp"),
    ("github_token", "token: {}", "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"),
    ("github_token", "refresh_token={}", "ghr_" + "Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBbCc" * 2 + "x1y2"),
    ("github_token", "GH_TOKEN={}", "github_pat_11ABCDEFG0123456789abc_" + "aB1" * 19 + "xy"),
    ("gitlab_token", "git clone https://oauth2:{}@gitlab.com/x.git", "glpat-Rk2v9XqLm4Tz8WcN1bYs"),
    ("slack_token", "SLACK_BOT_TOKEN={}", "xoxb-2718281828-3141592653589-Zq8RkV2mX9tLcW4nB7yP"),
    (
        "slack_webhook",
        'url = "{}"',
        "https://hooks.slack.com/services/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",
    ),
    ("stripe_key", "Stripe.api_key = '{}'", "sk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG"),
    ("openai_api_key", "OPENAI_API_KEY={}", "sk-proj-" + "Xq9vL2mT8rKc4WzN1bYs7dF3hJ6pQ0aE5gU" * 2),
    ("anthropic_api_key", "ANTHROPIC_API_KEY={}", "sk-ant-api03-" + "Zq8RkV2mX9tLcW4nB7yP-_3dF" * 4 + "AA"),
    ("google_api_key", "const key = '{}';", "AIzaSyD8q2Zr9LxVt5Wn4PsK3mHc7B1yD2fG6hJ"),
    (
        "azure_storage_key",
        "DefaultEndpointsProtocol=https;AccountName=x;AccountKey={};",
        ("Zq8RkV2mX9tLcW4nB7yP3dF6" * 4)[:86] + "==",
    ),
    ("azure_client_secret", "AZURE_CLIENT_SECRET={}", "abc8Q~Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAa"),
    (
        "jwt",
        "Authorization header was {}",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    ),
    ("npm_token", "//registry.npmjs.org/:_authToken={}", "npm_Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBbCc"),
    ("pypi_token", "password = {}", "pypi-AgEIcHlwaS5vcmc" + "Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUe" * 3),
    ("twilio_key", "TWILIO_API_KEY={}", "SK" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    ("twilio_key", "TWILIO_AUTH_TOKEN={}", "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    (
        "sendgrid_key",
        "SENDGRID_API_KEY={}",
        "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",
    ),
    ("mailchimp_key", "MAILCHIMP_KEY={}", "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e-us14"),
    ("shopify_token", "X-Shopify-Access-Token: {}", "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"),
    ("datadog_key", "DD_API_KEY={}", "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    ("vault_token", "VAULT_TOKEN={}", "hvs.CAESIZq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBbCcDdEeGh"),
    (
        "terraform_token",
        'token = "{}"',
        "Zq8RkV2mX9tLcW.atlasv1." + "Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUe" * 2 + "Ab3x",
    ),
    ("digitalocean_token", "DIGITALOCEAN_TOKEN={}", "dop_v1_" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e" * 2),
    ("huggingface_token", "HF_TOKEN={}", "hf_Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBb"),
    ("databricks_token", "DATABRICKS_TOKEN={}", "dapi3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    ("discord_token", "bot.run('{}')", "MTA4NzY1NDMyMTA5ODc2NTQz.GaB3xY.Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAa"),
    ("telegram_bot_token", "TELEGRAM_TOKEN={}", "7123456789:AAHq8ZrLxVt5Wn9PsK3mHc4B7yD2fG6hJ0s"),
    ("url_password", "DATABASE_URL=postgres://ledger:{}@db.internal:5432/ledger", "Vx9#tq2LmR7pW"),
    ("url_password", "amqp://guest:{}@rabbit:5672/", "q8Zr2LxVt5"),
    ("authorization_header", 'curl -H "Authorization: Bearer {}" https://api', "q8Zr2LxVt5Wn9PsK3mHc"),
    ("password", "DB_PASSWORD={}", "hunter2xyz"),
    ("password", 'conn = connect(password="{}")', "S3cr3tPa55!"),
    ("password", '{{"password": "{}"}}', "Summer2024!"),
    ("password", "  password: {}", "Tr0ub4dor&3"),
    ("secret", 'client_secret = "{}"', "q8Zr2LxVt5Wn9PsK3mHc4B7y"),
    ("card_number", "charged card {} for 12.00", "4539 1488 0343 6467"),
    ("iban", "IBAN: {}", "GB82 WEST 1234 5698 7654 32"),
    ("us_ssn", "ssn={}", "536-90-4399"),
    ("aba_routing_number", "routing number {}", "021000021"),
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_kind_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


def test_every_detector_has_an_example() -> None:
    assert {cls.kind for cls in CATALOG} == {kind for kind, _, _ in EXAMPLES} | {"private_key"}


@pytest.mark.parametrize(
    "text",
    [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        'api_key = os.environ["OPENAI_API_KEY"]',
        "password = getpass()",
        "password: ${DB_PASSWORD}",
        "token: {{ secrets.NPM_TOKEN }}",
        "password_hash = bcrypt.hashpw(pw, salt)",
        "password: str = Field(..., min_length=12)",
        "commit 3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a",
        "request_id=5f0c6a4e-8d1b-4c2a-9e3f-7b6d5c4a3b2e",
        "DATABASE_URL=postgres://localhost:5432/ledger",
        "redis://redis:6379/0",
        "order 4539148803436468 shipped",
        "pk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG",
        "max_tokens: 4096",
        "secretName: ledger-db-credentials",
        "class AbstractSingletonProxyFactoryBean: pass",
        'token = request.headers.get("Authorization")',
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
    ],
)
def test_hard_negatives_stay_quiet(text: str) -> None:
    assert found(text) == []


def test_private_keys_are_found_plain_and_json_escaped() -> None:
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
    account = json.dumps({"type": "service_account", "private_key": pem + "\n"})
    assert found(f"key:\n{pem}\nend") == [("private_key", pem)]
    assert found(account) == [("private_key", json.dumps(pem)[1:-1])]
    cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE"
    assert found(f"cat id_ed25519\n{cut}") == [("private_key", cut)]
    assert SCANNER.scan(pem)[0].category is Category.PRIVATE_KEY


def test_a_specific_format_wins_over_a_generic_assignment() -> None:
    token = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
    assert found(f'api_token = "{token}"') == [("github_token", token)]


def test_offsets_hold_where_lower_case_changes_length() -> None:
    text = "İstanbul office: DB_PASSWORD=hunter2xyz"
    assert found(text) == [("password", "hunter2xyz")]


def test_account_patterns_from_the_policy() -> None:
    scanner = default_scanner([r"ACC-\d{8}"])
    assert found("moved funds from ACC-12345678 to ACC-1234", scanner) == [("account_number", "ACC-12345678")]
    assert found("ACC-12345678", SCANNER) == []


def test_each_text_is_scanned_once() -> None:
    scanner = default_scanner()
    text = "GITHUB_TOKEN=ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a\n" * 3
    first = scanner.scan(text)
    assert scanner.scan("".join([text])) is first
