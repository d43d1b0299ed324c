curl https://northwind.zendesk.com/api/v2/tickets.json \
  -u support-bot@northwind-bank.co.uk/token:⟦zendesk_token/curl_basic:rmJHBxoaIpff8Oulr60pRbgKmd0oZSK7bNTatJ2u⟧
