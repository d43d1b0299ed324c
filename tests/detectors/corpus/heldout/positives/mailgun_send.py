import requests

MAILGUN_DOMAIN = "mg.northwind-bank.co.uk"
MAILGUN_API_KEY = "⟦mailgun_key/private_legacy:key-1b1a1a538f8d52308bb0b4df3343696d⟧"


def send_statement_ready(to: str) -> None:
    requests.post(
        f"https://api.eu.mailgun.net/v3/{MAILGUN_DOMAIN}/messages",
        auth=("api", MAILGUN_API_KEY),
        data={"from": "Statements <no-reply@northwind-bank.co.uk>", "to": to, "template": "statement-ready"},
    )
