SQUARE_TOKEN = "⟦square_token/python:EAAA-RyT6-k-yD4ci64qk8nMvCyoQAb_FKkxNPx25ABDeWWJEsIgYenA6Mq3dumy⟧"
FLUTTERWAVE_SECRET = "⟦flutterwave_key/python:FLWSECK-af355a7d99b7cf0208f46ea0bc0cfe90-X⟧"
STRIPE_WEBHOOK = "⟦stripe_key/whsec_python:whsec_oDcnzrWg7bQGULSFYsZgVNsBzOmkMKIl⟧"
