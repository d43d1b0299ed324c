import os
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "ACee29895328f8c901828769e0e425142f"
MESSAGING_SERVICE_SID = "MG8027a9cee7c2bd03c1febfe9b9f17d6d"

client = Client(TWILIO_ACCOUNT_SID, os.environ["TWILIO_AUTH_TOKEN"])
