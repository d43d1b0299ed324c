# count orders for the weekly report (private app created 2019, still not migrated)
curl -s -H "X-Shopify-Access-Token: ⟦shopify_token/private_app: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⟧" \
  "https://acme-outdoor.myshopify.com/admin/api/2024-04/orders.json?status=any&limit=50" | jq '.orders | length'
# -> 50
