curl https://api.eu.newrelic.com/graphql \
  -H 'Content-Type: application/json' \
  -H 'API-Key: ⟦newrelic_key/user_key:NRAK-V00P0A0RP88SM12NJEOM4ZCN4ZJ⟧' \
  -d '{"query":"{ actor { user { name email } } }"}'
