from zenpy import Zenpy

creds = {
    "email": "support-bot@northwind-bank.co.uk",
    "token": "⟦zendesk_token/zenpy:8PgmZhNbkJUC6EbqeG2cIPezXa9Q20p9suzoX0Ep⟧",
    "subdomain": "northwind",
}
zenpy = Zenpy(**creds)
for ticket in zenpy.search(type="ticket", status="open", tags="complaint"):
    print(ticket.id, ticket.subject)
