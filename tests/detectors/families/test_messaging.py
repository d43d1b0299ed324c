from __future__ import annotations

import pytest

from tests.detectors.findings import found

SID = "AC3ce90ebaea755624025a4ea09b80722f"
TOKEN = "3d10ccdddeeab5d802f065ba06a39081"

EXAMPLES = [
    ("slack_token", "SLACK_BOT_TOKEN={}", "xoxb-2718281828-3141592653589-Zq8RkV2mX9tLcW4nB7yP"),
    (
        "slack_webhook",
        'url = "{}"',
        "https://hooks.slack.com/services/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",
    ),
    (
        "teams_webhook",
        "$webhook = '{}'",
        "https://contoso.webhook.office.com/webhookb2/5f308078-b7e2-47cf-b6fe-2763f64fb3d2@670ff53d-f401-444b-8a62-"
        "5c70e6cf3e73/IncomingWebhook/7aa9e27597eb6d7def58cc4ae39094d0/f9d38a83-937e-4d9e-95a2-74de650525b4",
    ),
    ("discord_token", "bot.run('{}')", "MTA4NzY1NDMyMTA5ODc2NTQz.GaB3xY.Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAa"),
    ("telegram_bot_token", "TELEGRAM_TOKEN={}", "7123456789:AAHq8ZrLxVt5Wn9PsK3mHc4B7yD2fG6hJ0s"),
    ("twilio_key", "TWILIO_API_KEY={}", "SK" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    ("twilio_key", "TWILIO_AUTH_TOKEN={}", TOKEN),
    ("twilio_key", "from twilio.rest import Client\nclient = Client('" + SID + "', '{}')", TOKEN),
    ("twilio_key", "curl https://api.twilio.com/2010-04-01/Accounts.json -u " + SID + ":{}", TOKEN),
    ("twilio_key", "const twilio = require('twilio');\nconst authToken = '{}';", TOKEN),
    ("twilio_key", "TWILIO_API_SECRET={}", "jfJQUq3fx7kvpQAF1x5Rlsb55M627AuG"),
    (
        "sendgrid_key",
        "SENDGRID_API_KEY={}",
        "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",
    ),
    ("mailchimp_key", "MAILCHIMP_KEY={}", "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e-us14"),
    ("mailgun_key", "MAILGUN_API_KEY={}", "key-3a96770fbe938c7928f2c4f571d1da14"),
    ("postmark_token", "X-Postmark-Server-Token: {}", "ff1c03bb-48ea-459a-8445-038d18288ae2"),
    (
        "brevo_key",
        "BREVO_API_KEY={}",
        "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",
    ),
    (
        "intercom_token",
        "INTERCOM_ACCESS_TOKEN={}",
        "dG9rOjT5317lPx2w1YCqAOQ95CTaaF1qLpj8e3ClseJ74BykPZEoFqcYU8b4=",
    ),
    ("zendesk_token", "ZENDESK_API_TOKEN={}", "rGHHVcJc21xdPirNUclSyQhgJElPz2LgO8juPtkw"),
    ("linear_key", "LINEAR_API_KEY={}", "lin_api_26prMcssND0k56Fw4QIhISWbzPsw28deWzupDRS5"),
    ("notion_token", "NOTION_TOKEN={}", "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"),
    ("notion_token", "Client(auth='{}')", "secret_v533qa5mL4pJ1j01TNN2KY8LXUzajrUe7psKG1FT4Pe"),
    ("asana_token", "ASANA_PAT={}", "2/5188787824757570/6024929057778649:a42b25f738ec45a5a73f6f190136a11f"),
    (
        "airtable_token",
        "new Airtable({{ apiKey: '{}' }})",
        "patZx0WzHo0Z8WHlc.8ff70ceaf646ce44e562df9a55f65beaf62685567279c1a79f29c59295743a75",
    ),
    (
        "dropbox_token",
        "dropbox.Dropbox('{}')",
        "sl.u.btEfNN5mzWsoV-zsj4i0hSWqMMTJtBIHtbdYnRD3HD4RghFVR6syZCZZRHG4XkSpD9dOxnOe68ML1IK1gZxqg9M9-EyMOHh6aVk"
        "-ufO5EJDrsI7QFD5_6NU7r6i7j_-RkVnBe0_TMKNq",
    ),
    ("dropbox_token", "DROPBOX_TOKEN={}", "hzavebqu1wyAAAAAAAAAA0VoqhLMMOe7XDNw804sR3un_8Vf1VtsoySjY7HXm8FM"),
    ("box_token", "BOX_DEVELOPER_TOKEN={}", "jfJQUq3fx7kvpQAF1x5Rlsb55M627AuG"),
]

QUIET = [
    "TWILIO_ACCOUNT_SID=" + SID,
    "messaging_service_sid: MG" + TOKEN,
    "# Find your Account SID and Auth Token at twilio.com/console\nauth_token = 'your_auth_token'",
    "MAILGUN_PUBLIC_KEY=pubkey-" + TOKEN,
    "ssl.create_default_context(cafile=certifi.where())",
    "checksum " + TOKEN + " for slack-desktop-4.41.105-amd64.deb",
    "xoxb-your-bot-token",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []
