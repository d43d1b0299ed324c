"""The detectors, one small declarative class each.

Where detect-secrets has a plugin for a format, its patterns are reused (`based_on`), bounded
to whole tokens; the classes add what it lacks: newer token formats, the formats it has no
plugin for, value-only spans for keyed secrets and URLs, and financial client data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.discord import DiscordBotTokenDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.openai import OpenAIDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector

from detectors import checks
from detectors.base import (
    AFTER,
    BEFORE,
    Category,
    Detector,
    Finding,
    Mode,
    View,
    Views,
    from_plugin,
)

SPECIFIC = 10  # a known token format
URL = 5  # a password inside a URL or header: more precise than a keyed assignment

_KEY_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_.-")
# After a key: its closing quote or bracket, then the assignment.
_CLOSE = r"\\?[\"']?\]?"
_QUOTED = r"(?P<q>\\?[\"'`])(?P<v>[^\"'`\\\n]{1,4096})(?P=q)"
_UNQUOTED = r"(?P<v>[^\s\"'`\\,;)}\]<>]{1,4096})(?=[\s,;)}\]\\]|\Z)"


class Keyed(Detector):
    """A value assigned to a key ending in one of its `anchors` (looked up lower-cased):
    `KEY=v`, `key: v`, `"key": "v"`, `key => 'v'`, `--key v`, also inside JSON-escaped text.
    `key_before` is what the key must hold just before the keyword; `value` is the value's
    format, or None for any quoted value and any unquoted value where unquoted values are
    literals (env files, shell, YAML) rather than code."""

    key_before: ClassVar[str] = ""
    value: ClassVar[str | None] = None
    view = View.LOWER

    def __init__(self) -> None:
        patterns: tuple[str, ...]
        if self.value is None:
            patterns = (
                rf"{_CLOSE}[ \t]*(?::=|=>|=|:|,)[ \t]*(?:[rbuf]|@)?{_QUOTED}",
                rf"{_CLOSE}(?:=|[ \t]*:[ \t]+){_UNQUOTED}",
            )
        else:
            quote = r"(?:[rbuf]?\\?[\"'`])?"
            # A known format may also follow a space: `aws configure set aws_secret_access_key V`.
            assign = r"(?:[ \t]*(?::=|=>|=|:)[ \t]*|[ \t]+)"
            patterns = (rf"{_CLOSE}{assign}{quote}(?P<v>{self.value})(?![A-Za-z0-9_+/=-])",)
        super().__init__(patterns)
        self._flag = re.compile(rf"(?:=|[ \t]+){_UNQUOTED}")
        # `key = value` unquoted: a literal in INI and TOML-like files, a name in code.
        self._spaced = re.compile(rf"{_CLOSE}[ \t]+=[ \t]+{_UNQUOTED}")
        self._before = re.compile(f"(?:{self.key_before})\\Z".encode()) if self.key_before else None

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text, lower = views.text, views.lower
        for hit, keyword in hits:
            end = hit + len(keyword)
            if end >= len(lower) or lower[end] not in b"\\\"'] \t:=,":
                continue  # the key goes on (password_hash, max_tokens): not its end
            start = hit
            while start > 0 and lower[start - 1] in _KEY_CHARS and hit - start < 64:
                start -= 1
            if not self.accepts_key(lower, start, hit, keyword):
                continue
            patterns = self.compiled
            if self.value is None:
                patterns = (*patterns, self._spaced)
                if lower.startswith(b"--", start):
                    patterns = (*patterns, self._flag)
            for pattern in patterns:
                match = pattern.match(text, end)
                if match is None:
                    continue
                if pattern is not self._spaced or not checks.is_reference(match.group("v")):
                    yield from self._found(match)
                break

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        """Whether the key `lower[start:hit]` + `keyword` is one this detector reads."""
        return self._before is None or self._before.search(lower, start, hit) is not None


class WithoutExamples(Detector):
    """A format whose documentation examples say so (AKIAIOSFODNN7EXAMPLE)."""

    def check(self, value: str) -> bool:
        return super().check(value) and len(set(value)) > 6


class AwsAccessKeyId(WithoutExamples):
    kind = "aws_access_key_id"
    based_on = AWSKeyDetector
    anchors = ("A3T", "ABIA", "ACCA", "AKIA", "ASIA")
    patterns = from_plugin(AWSKeyDetector, keep=lambda p: "A3T" in p.pattern)
    priority = SPECIFIC


class AwsSecretAccessKey(Keyed, WithoutExamples):
    kind = "aws_secret_access_key"
    anchors = ("secret_access_key", "secretaccesskey", "secret_key", "aws_secret")
    value = r"[A-Za-z0-9/+]{40}"
    priority = SPECIFIC


class GitHubToken(Detector):
    kind = "github_token"
    based_on = GitHubTokenDetector
    anchors = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
    patterns = (
        *from_plugin(GitHubTokenDetector),
        rf"{BEFORE}ghr_[A-Za-z0-9_]{{37,255}}{AFTER}",  # refresh tokens run longer than the rest
        rf"{BEFORE}github_pat_[A-Za-z0-9]{{22}}_[A-Za-z0-9]{{59}}{AFTER}",
    )
    priority = SPECIFIC


class GitLabToken(Detector):
    kind = "gitlab_token"
    based_on = GitLabTokenDetector
    anchors = (
        *("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "GR1348941"),
        *("glcbt-", "glimt-", "glptt-", "glagent-", "gloas-"),
    )
    patterns = from_plugin(GitLabTokenDetector)
    priority = SPECIFIC


class SlackToken(Detector):
    kind = "slack_token"
    based_on = SlackDetector
    anchors = ("xox", "XOX", "Xox", "xapp-")
    patterns = (
        rf"{BEFORE}(?:xoxe\.xox[bp]|xoxe)-\d-[A-Za-z0-9]{{40,}}{AFTER}",
        *from_plugin(SlackDetector, keep=lambda p: "hooks" not in p.pattern),
        rf"{BEFORE}xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+{AFTER}",
    )
    priority = SPECIFIC


class SlackWebhook(Detector):
    kind = "slack_webhook"
    based_on = SlackDetector
    anchors = ("https://hooks.slack.com",)
    patterns = from_plugin(SlackDetector, keep=lambda p: "hooks" in p.pattern)
    priority = SPECIFIC


class StripeKey(Detector):
    kind = "stripe_key"
    based_on = StripeDetector
    anchors = ("sk_live_", "rk_live_", "sk_test_", "rk_test_")
    patterns = (
        rf"{BEFORE}(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{{24,99}}{AFTER}",
        *from_plugin(StripeDetector),
    )
    priority = SPECIFIC


class OpenAiKey(Detector):
    kind = "openai_api_key"
    based_on = OpenAIDetector
    anchors = ("sk-",)
    patterns = (
        rf"{BEFORE}sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{{40,}}(?![A-Za-z0-9_-])",
        *from_plugin(OpenAIDetector),
    )
    priority = SPECIFIC


class AnthropicKey(Detector):
    kind = "anthropic_api_key"
    anchors = ("sk-ant-",)
    patterns = (rf"{BEFORE}sk-ant-(?:api|admin|oat|ort|sid)\d\d-[A-Za-z0-9_-]{{32,}}(?![A-Za-z0-9_-])",)
    priority = SPECIFIC


class GoogleApiKey(Detector):
    kind = "google_api_key"
    anchors = ("AIza",)
    patterns = (rf"{BEFORE}AIza[0-9A-Za-z_-]{{35}}(?![A-Za-z0-9_-])",)
    priority = SPECIFIC


class PrivateKey(Detector):
    """PEM, OpenSSH, PGP, SSH2 and PuTTY private keys, also inside JSON strings (a service
    account's `private_key`); a key cut off before its END line is hidden to the end."""

    kind = "private_key"
    category = Category.PRIVATE_KEY
    anchors = ("PRIVATE KEY", "PuTTY-User-Key-File")
    mode = Mode.WHOLE
    patterns = (
        r"-----BEGIN (?P<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END (?P=label)-----|\Z)",
        r"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----.*?(?:---- END SSH2 ENCRYPTED PRIVATE KEY ----|\Z)",
        r"PuTTY-User-Key-File-\d: .*?(?:Private-MAC: [0-9a-f]+|\Z)",
    )
    flags = re.DOTALL
    priority = SPECIFIC + 1

    def check(self, value: str) -> bool:
        return True  # key material pads with AAAA; a private key is never documentation


class AzureStorageKey(Detector):
    kind = "azure_storage_key"
    anchors = ("AccountKey=", "SharedAccessKey=")
    patterns = (
        r"AccountKey=(?P<v>[A-Za-z0-9+/]{86}==)",
        r"SharedAccessKey=(?P<v>[A-Za-z0-9+/]{43}=)",
    )
    priority = SPECIFIC


class AzureClientSecret(Detector):
    kind = "azure_client_secret"
    anchors = ("Q~",)
    mode = Mode.WINDOW
    reach = (5, 40)
    patterns = (r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])",)
    priority = SPECIFIC


class Jwt(Detector):
    kind = "jwt"
    anchors = ("eyJ",)
    patterns = (
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])",
    )
    priority = SPECIFIC


class NpmToken(Detector):
    kind = "npm_token"
    anchors = ("npm_", ":_authToken")
    patterns = (
        rf"{BEFORE}npm_[A-Za-z0-9]{{36}}{AFTER}",
        r":_authToken=\s*(?P<v>[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12})",
    )
    priority = SPECIFIC


class PypiToken(Detector):
    kind = "pypi_token"
    based_on = PypiTokenDetector
    anchors = ("pypi-AgE",)
    patterns = (
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])",
        *from_plugin(PypiTokenDetector),
    )
    priority = SPECIFIC


class TwilioKey(Detector):
    kind = "twilio_key"
    based_on = TwilioKeyDetector
    anchors = ("SK",)
    patterns = from_plugin(TwilioKeyDetector, keep=lambda p: p.pattern.startswith("SK"))
    priority = SPECIFIC


class TwilioAuthToken(Keyed):
    kind = "twilio_key"
    anchors = ("auth_token", "authtoken")
    key_before = "twilio[_.-]?"
    value = r"[0-9a-f]{32}"
    priority = SPECIFIC


class SendGridKey(Detector):
    kind = "sendgrid_key"
    based_on = SendGridDetector
    anchors = ("SG.",)
    patterns = from_plugin(SendGridDetector)
    priority = SPECIFIC


class MailchimpKey(Detector):
    kind = "mailchimp_key"
    based_on = MailchimpDetector
    anchors = ("-us",)
    mode = Mode.WINDOW
    reach = (33, 8)
    patterns = from_plugin(MailchimpDetector)
    priority = SPECIFIC


class ShopifyToken(Detector):
    kind = "shopify_token"
    anchors = ("shpat_", "shpss_", "shpca_", "shppa_")
    patterns = (rf"{BEFORE}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{{32}}{AFTER}",)
    priority = SPECIFIC


class DatadogKey(Keyed):
    kind = "datadog_key"
    anchors = (
        *("api_key", "api-key", "apikey", "app_key", "app-key", "appkey"),
        *("application_key", "application-key", "client_token"),
    )
    key_before = "(?:dd|datadog)[_.-]?"
    value = r"[a-f0-9]{40}|[a-f0-9]{32}"
    priority = SPECIFIC


class VaultToken(Detector):
    kind = "vault_token"
    anchors = ("hvs.", "hvb.")
    patterns = (rf"{BEFORE}hv[sb]\.[A-Za-z0-9_-]{{24,}}(?![A-Za-z0-9_-])",)
    priority = SPECIFIC


class VaultLegacyToken(Keyed):
    kind = "vault_token"
    anchors = ("vault_token",)
    value = r"s\.[A-Za-z0-9]{24}"
    priority = SPECIFIC


class TerraformToken(Detector):
    kind = "terraform_token"
    anchors = (".atlasv1.",)
    mode = Mode.WINDOW
    reach = (15, 82)
    patterns = (rf"{BEFORE}[A-Za-z0-9]{{14}}\.atlasv1\.[A-Za-z0-9_-]{{60,70}}(?![A-Za-z0-9_-])",)
    priority = SPECIFIC


class DigitalOceanToken(Detector):
    kind = "digitalocean_token"
    anchors = ("dop_v1_", "doo_v1_", "dor_v1_")
    patterns = (rf"{BEFORE}do[por]_v1_[a-f0-9]{{64}}{AFTER}",)
    priority = SPECIFIC


class HuggingFaceToken(Detector):
    kind = "huggingface_token"
    anchors = ("hf_",)
    patterns = (rf"{BEFORE}hf_[A-Za-z0-9]{{34,}}{AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.looks_random(value[3:], 30)


class DatabricksToken(Detector):
    kind = "databricks_token"
    anchors = ("dapi",)
    patterns = (rf"{BEFORE}dapi[a-f0-9]{{32}}(?:-\d)?{AFTER}",)
    priority = SPECIFIC


class DiscordBotToken(Detector):
    kind = "discord_token"
    based_on = DiscordBotTokenDetector
    anchor_pattern = rb"\.[A-Za-z0-9_-]{6}\."  # the middle part
    mode = Mode.WINDOW
    reach = (27, 48)
    patterns = (
        rf"{BEFORE}[MNO][A-Za-z0-9_-]{{23,25}}\.[A-Za-z0-9_-]{{6}}\.[A-Za-z0-9_-]{{27,38}}(?![A-Za-z0-9_-])",
    )
    priority = SPECIFIC


class DiscordWebhook(Detector):
    kind = "discord_token"
    anchors = ("/api/webhooks/",)
    mode = Mode.WINDOW
    reach = (24, 110)
    patterns = (r"discord(?:app)?\.com/api/webhooks/\d+/(?P<v>[A-Za-z0-9_-]{60,72})",)
    priority = SPECIFIC


class TelegramBotToken(Detector):
    kind = "telegram_bot_token"
    based_on = TelegramBotTokenDetector
    anchors = ("00000000:",)
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (2, 48)
    # Also in the Bot API's URLs: https://api.telegram.org/bot<token>/getMe
    patterns = (
        rf"(?:(?<=/bot)|(?<![A-Za-z0-9_])){TelegramBotTokenDetector.denylist[0].pattern}(?![A-Za-z0-9_-])",
    )
    priority = SPECIFIC


class UrlPassword(Detector):
    """The password of `scheme://user:password@host`: databases, brokers, basic auth."""

    kind = "url_password"
    anchors = ("://",)
    patterns = (r"://[^\s:/?#@\"'<>\\]*:(?P<v>[^\s/@\"'<>\\]{1,128})@[\w.-]*[A-Za-z0-9]",)
    priority = URL

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value) and not value.isdigit()


class AuthorizationHeader(Detector):
    kind = "authorization_header"
    anchors = ("authorization",)
    view = View.LOWER
    patterns = (
        r"(?i:authorization)\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?"
        r"(?i:bearer|basic|token|bot|apikey|sso-key)[ \t]+(?P<v>[A-Za-z0-9._~+/=:-]{8,})",
    )
    priority = URL

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value)


class PasswordAssignment(Keyed):
    kind = "password"
    anchors = ("password", "passwd", "passphrase", "pwd", "pass")

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        # `pass` only as a word of its own (db_pass, PASS), never the end of bypass or compass.
        return keyword != b"pass" or hit == start or lower[hit - 1] in b"_.-"

    def check(self, value: str) -> bool:
        if len(value) < 4 or checks.is_placeholder(value) or checks.is_prose(value):
            return False
        # A name in code (user_password, self.pw, getpass()) is not the password itself.
        return not (checks.is_reference(value) and not any(c.isdigit() for c in value))


class CommandLinePassword(Detector):
    """Passwords given to database and cache clients on their command line:
    `mysql -u app -pS3cret`, `redis-cli -a S3cret`, `sshpass -p S3cret`."""

    kind = "password"
    anchors = ("mysql", "mariadb", "redis-cli", "sshpass")
    mode = Mode.WINDOW
    reach = (0, 240)
    patterns = (
        r"(?:mysql\w*|mariadb\w*)\b[^\n|;&]*?\s-p(?P<v>[^\s'\"]{4,128})",
        r"(?:mysql\w*|mariadb\w*)\b[^\n|;&]*?\s--password[= ](?P<v>[^\s'\"]{4,128})",
        r"redis-cli\b[^\n|;&]*?\s-a\s+(?P<v>[^\s'\"]{4,128})",
        r"sshpass\s+-p\s*(?P<v>[^\s'\"]{4,128})",
    )

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value)


class SecretAssignment(Keyed):
    kind = "secret"
    anchors = ("secret", "token", "credential", "credentials", "key")
    # `key` alone names too much (sort_key, cache_key): only keys that name a credential.
    _credential_key = re.compile(
        rb"(?:api|access|secret|private|signing|encryption|master|auth|client|app|license|account|"
        rb"service|subscription|admin|consumer|webhook|session|shared|storage|sas)[_.-]?\Z"
    )

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        return keyword != b"key" or self._credential_key.search(lower, start, hit) is not None

    def check(self, value: str) -> bool:
        return checks.looks_random(value) and not checks.is_documentation(value)


class CardNumber(Detector):
    kind = "card_number"
    category = Category.CLIENT_DATA
    anchors = ("0000",)
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (26, 40)
    patterns = (r"(?<![\w.+/-])\d(?:[ -]?\d){12,18}(?![\w+/-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.card_number(value)


class Iban(Detector):
    kind = "iban"
    category = Category.CLIENT_DATA
    anchors = ("AA00",)
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (0, 50)
    patterns = (r"(?<![A-Za-z0-9])[A-Z]{2}\d\d(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])",)

    def check(self, value: str) -> bool:
        return checks.iban(value)


class UsSsn(Detector):
    kind = "us_ssn"
    category = Category.CLIENT_DATA
    anchors = ("000-00-0000",)
    view = View.SHAPE
    patterns = (r"(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.us_ssn(value)


class AbaRoutingNumber(Detector):
    kind = "aba_routing_number"
    category = Category.CLIENT_DATA
    anchors = ("routing", "aba", "rtn", "transit")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (8, 96)
    patterns = (r"(?<![\w.-])\d{9}(?![\w-]|\.\d)",)

    def check(self, value: str) -> bool:
        return checks.aba_routing(value)


class AccountNumber(Detector):
    """Account numbers in the formats the policy lists (`secrets.account_patterns`)."""

    kind = "account_number"
    category = Category.CLIENT_DATA
    mode = Mode.WHOLE

    def __init__(self, patterns: tuple[str, ...]) -> None:
        super().__init__(tuple(rf"(?<![A-Za-z0-9])(?:{p})(?![A-Za-z0-9])" for p in patterns))

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        # The policy's patterns have no anchors: they run on every text.
        yield from self._search(views.text, 0, len(views.text))


CATALOG: tuple[type[Detector], ...] = (
    AwsAccessKeyId, AwsSecretAccessKey, GitHubToken, GitLabToken, SlackToken, SlackWebhook,
    StripeKey, OpenAiKey, AnthropicKey, GoogleApiKey, PrivateKey, AzureStorageKey,
    AzureClientSecret, Jwt, NpmToken, PypiToken, TwilioKey, TwilioAuthToken, SendGridKey,
    MailchimpKey, ShopifyToken, DatadogKey, VaultToken, VaultLegacyToken, TerraformToken,
    DigitalOceanToken, HuggingFaceToken, DatabricksToken, DiscordBotToken, DiscordWebhook,
    TelegramBotToken, UrlPassword, AuthorizationHeader, PasswordAssignment, CommandLinePassword,
    SecretAssignment,
    CardNumber, Iban, UsSsn, AbaRoutingNumber,
)  # fmt: skip
