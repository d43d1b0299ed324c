gateway = Braintree::Gateway.new(
  access_token: "⟦braintree_token/access_token:access_token$production$y6jvad1jsl9rpo6w$1b2d98d4f5bcf6f5f5997eaa4db3a65e⟧",
)
result = gateway.transaction.sale(amount: "10.00", payment_method_nonce: nonce, options: { submit_for_settlement: true })
