"""Messaging, mail and SaaS: Slack, Teams, Discord, Telegram, Twilio, SendGrid, Mailchimp, Mailgun,
Postmark, Brevo, Intercom, Zendesk, Linear, Notion, Asana, Airtable, Dropbox, Box."""

from __future__ import annotations

from detect_secrets.plugins.discord import DiscordBotTokenDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector

from detectors import checks
from detectors.base import AFTER, BEFORE, URL_AFTER, URL_BEFORE, Detector, Mode, View, from_plugin
from detectors.families.cloud import UUID
from detectors.keyed import SPECIFIC, Contextual


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


class TeamsWebhook(Detector):
    """Microsoft Teams incoming webhooks: the URL is the credential."""

    kind = "teams_webhook"
    anchors = (".webhook.office.com/webhookb2/",)
    mode = Mode.WINDOW
    reach = (64, 400)
    patterns = (r"https://[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@/_-]{60,}",)
    priority = SPECIFIC


class DiscordBotToken(Detector):
    kind = "discord_token"
    based_on = DiscordBotTokenDetector
    anchor_pattern = rb"\.[A-Za-z0-9_-]{6}\."  # the middle part
    mode = Mode.WINDOW
    reach = (27, 48)
    patterns = (
        rf"{BEFORE}[MNO][A-Za-z0-9_-]{{23,25}}\.[A-Za-z0-9_-]{{6}}\.[A-Za-z0-9_-]{{27,38}}{URL_AFTER}",
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
    patterns = (rf"(?:(?<=/bot)|(?<![A-Za-z0-9_])){TelegramBotTokenDetector.denylist[0].pattern}{URL_AFTER}",)
    priority = SPECIFIC


class TwilioKey(Detector):
    kind = "twilio_key"
    based_on = TwilioKeyDetector
    anchors = ("SK",)
    patterns = from_plugin(TwilioKeyDetector, keep=lambda p: p.pattern.startswith("SK"))
    priority = SPECIFIC


class TwilioAuthToken(Contextual):
    """Auth tokens (32 hex digits) and API key secrets next to Twilio: by name, as the
    argument after the account SID (`Client("AC...", "<token>")`), or as Basic auth's password
    after it (`-u AC...:<token>`)."""

    kind = "twilio_key"
    anchors = ("twilio",)
    value = r"[0-9a-f]{32}"
    forms = (r"AC[0-9a-f]{32}[\"']?\s*[,:]\s*[\"']?(?P<v>[0-9a-f]{32})(?![A-Za-z0-9])",)
    reach = (400, 600)


class TwilioApiSecret(Contextual):
    kind = "twilio_key"
    anchors = ("twilio_api_secret", "twilio_secret")
    value = r"[A-Za-z0-9]{32}"
    keys = r"secret"


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


class MailgunKey(Contextual):
    """Private API keys (`key-` and 32 hex digits, or three dashed hex groups) and webhook
    signing keys, next to Mailgun; its `pubkey-` keys are public."""

    kind = "mailgun_key"
    anchors = ("mailgun",)
    value = r"key-[a-f0-9]{32}|[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}|[a-f0-9]{32}"
    keys = r"key|secret"


class PostmarkToken(Contextual):
    kind = "postmark_token"
    anchors = ("postmark",)
    value = UUID


class BrevoKey(Detector):
    kind = "brevo_key"
    anchors = ("xkeysib-", "xsmtpsib-")
    patterns = (rf"{BEFORE}x(?:key|smtp)sib-[a-f0-9]{{64}}-[A-Za-z0-9]{{16}}{AFTER}",)
    priority = SPECIFIC


class IntercomToken(Detector):
    """Intercom access tokens: base64 of `tok:` and the token."""

    kind = "intercom_token"
    anchors = ("dG9rOj",)
    patterns = (rf"{BEFORE}dG9rOj[A-Za-z0-9+/_-]{{40,}}={{0,2}}(?![A-Za-z0-9+/=_-])",)
    priority = SPECIFIC


class ZendeskToken(Contextual):
    kind = "zendesk_token"
    anchors = ("zendesk",)
    value = r"[A-Za-z0-9]{40}"
    forms = (r"/token:(?P<v>[A-Za-z0-9]{40})(?![A-Za-z0-9])",)


class LinearKey(Detector):
    kind = "linear_key"
    anchors = ("lin_api_", "lin_oauth_")
    patterns = (rf"{BEFORE}lin_api_[A-Za-z0-9]{{40}}{AFTER}", rf"{BEFORE}lin_oauth_[a-f0-9]{{64}}{AFTER}")
    priority = SPECIFIC


class NotionToken(Detector):
    """Integration tokens (`ntn_`, and the older `secret_` with 43 characters)."""

    kind = "notion_token"
    anchors = ("ntn_", "secret_")
    patterns = (rf"{BEFORE}ntn_\d{{11}}[A-Za-z0-9]{{35}}{AFTER}", rf"{BEFORE}secret_[A-Za-z0-9]{{43}}{AFTER}")
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.looks_random(value.partition("_")[2], 30)


class AsanaToken(Detector):
    """Personal access tokens: `1/` or `2/`, numeric ids, `:` and 32 hex digits."""

    kind = "asana_token"
    anchors = ("0000000000000000:",)
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (40, 52)
    patterns = (r"(?<![\w/])[12]/\d{16}(?:/\d{16})?:[a-f0-9]{32}(?![A-Za-z0-9])",)
    priority = SPECIFIC


class AirtableToken(Contextual):
    """Personal access tokens (`pat`, 14 characters, `.` and 64 hex digits) and older API
    keys (`key` and 14 characters), next to Airtable."""

    kind = "airtable_token"
    anchors = ("airtable",)
    value = r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}|key[A-Za-z0-9]{14}"
    forms = (rf"{BEFORE}(?P<v>pat[A-Za-z0-9]{{14}}\.[a-f0-9]{{64}}){AFTER}",)


class DropboxToken(Detector):
    """Short-lived access tokens (`sl.`, often well over a thousand characters)."""

    kind = "dropbox_token"
    anchors = ("sl.",)
    patterns = (r"(?<![A-Za-z0-9_.-])sl\.[A-Za-z0-9._-]{130,}(?![A-Za-z0-9._-])",)
    priority = SPECIFIC


class DropboxLongLivedToken(Detector):
    """Long-lived access tokens: eleven characters, ten `A`s, 43 more."""

    kind = "dropbox_token"
    anchors = ("AAAAAAAAAA",)
    mode = Mode.WINDOW
    reach = (12, 64)
    patterns = (rf"{URL_BEFORE}[a-z0-9]{{11}}AAAAAAAAAA[A-Za-z0-9_-]{{43}}{URL_AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return True  # its run of `A`s is the format's, not a placeholder's


class BoxToken(Contextual):
    """Developer tokens and client secrets (32 characters), next to Box's own names."""

    kind = "box_token"
    anchors = ("box_developer_token", "box_client_secret", "boxappsettings", "box_dev_token")
    value = r"[A-Za-z0-9]{32}"
