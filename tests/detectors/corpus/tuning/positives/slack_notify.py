import logging
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("deploy-notifier")
client = WebClient(token="⟦slack_token/bot:xoxb-698310715762-1457339644232-B1TgHnkub8QeWPjfC1W8dFih⟧")


def notify(channel: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=channel, text=text, unfurl_links=False)
    except SlackApiError as exc:
        log.warning("slack post failed: %s", exc.response["error"])
