from twilio.rest import Client

ACCOUNT_SID = "AC4ef0e683e3dc127cfb9ee28fd2b46aa9"
API_KEY_SID = "⟦twilio_key/api_key:SK9051956da5d42bf14cd474838d5ea1df⟧"
API_KEY_SECRET = "⟦secret/twilio_api_secret:DrLs37TR7ZZB97d34NX40rtgefB1sBiR⟧"

client = Client(API_KEY_SID, API_KEY_SECRET, ACCOUNT_SID)


def send_otp(to: str, code: str) -> str:
    msg = client.messages.create(to=to, from_="+15017122661", body=f"Your Acme code is {code}")
    return msg.sid
