shopify theme push --store northwind-merch.myshopify.com \
  --password ⟦shopify_token/theme_access:shptka_040230acc99fa2600d49b1e68b603d97⟧ --live
