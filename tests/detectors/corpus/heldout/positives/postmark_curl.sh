curl "https://api.postmarkapp.com/email" \
  -X POST \
  -H "Accept: application/json" \
  -H "Content-Type: application/json" \
  -H "X-Postmark-Server-Token: ⟦postmark_token/header:9faea401-70b8-4534-a40e-4601934d1c4b⟧" \
  -d '{"From": "alerts@northwind-bank.co.uk", "To": "ops@northwind-bank.co.uk", "Subject": "Test", "TextBody": "Hello"}'
