import os
from slack_bolt import App

app = App(
    token="⟦slack_token/bot:xoxb-990834066459-1481950691712-XXK3zIdeOPBSF8GItc7hPaWj⟧",
    signing_secret="⟦secret/slack_signing_secret:8caf6ecbe9061bc462ddf4b6660c25c8⟧",
)

@app.command("/balance")
def balance(ack, respond, command):
    ack()
    respond(f"Looking up {command['text']}...")
