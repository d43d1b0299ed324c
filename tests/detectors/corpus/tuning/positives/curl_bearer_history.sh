curl -s https://api.acme.io/v3/customers/cus_3AnE8EPx8cMhwE \
  -H "Accept: application/json" \
  -H "Authorization: Bearer ⟦authorization_header/bearer:UCI7t.~X5wSC5caBVmaM9QV_L54t9bbI2IFyT~El5ko0AeRn⟧" | jq .
