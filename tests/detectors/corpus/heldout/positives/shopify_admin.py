import shopify

session = shopify.Session("northwind-merch.myshopify.com", "2025-07", "⟦shopify_token/admin_api: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⟧")
shopify.ShopifyResource.activate_session(session)
