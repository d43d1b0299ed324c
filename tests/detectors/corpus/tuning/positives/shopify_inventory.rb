require 'shopify_api'

session = ShopifyAPI::Auth::Session.new(
  shop: 'acme-outdoor.myshopify.com',
  access_token: '⟦shopify_token/admin_access: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⟧'
)
client = ShopifyAPI::Clients::Rest::Admin.new(session: session)
response = client.get(path: 'inventory_levels', query: { location_ids: '68212133958' })
puts response.body['inventory_levels'].size
