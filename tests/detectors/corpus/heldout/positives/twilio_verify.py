from twilio.rest import Client

# account "Northwind Retail" (production)
client = Client("ACa9f555a6dfc2cf2379a2046d1d528f69", "⟦twilio_key/auth_token_positional:cc7eb32c90f9207eaac718b4cc33ddc2⟧")

def start_verification(phone: str) -> str:
    verification = client.verify.v2.services("VAab78118a7c9db2265acd68ef5f7dee8d").verifications.create(to=phone, channel="sms")
    return verification.status
