curl -X POST "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache" \
     -H "X-Auth-Email: webops@northwind-bank.co.uk" \
     -H "X-Auth-Key: ⟦cloudflare_token/global_key_header:05426a17c84928b540d9ec3c3a3c0cd7f6fbe⟧" \
     -H "Content-Type: application/json" \
     --data '{"purge_everything":true}'
