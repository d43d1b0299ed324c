import sendgrid
from sendgrid.helpers.mail import Mail

sg = sendgrid.SendGridAPIClient(api_key="⟦sendgrid_key/api_key: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⟧")

def send_welcome(email: str, name: str) -> int:
    message = Mail(
        from_email="hello@acme.io",
        to_emails=email,
        subject=f"Welcome to Acme, {name}",
        html_content="<strong>Glad you're here.</strong>",
    )
    return sg.send(message).status_code
