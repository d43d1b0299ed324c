require 'stripe'

Stripe.api_key = '⟦stripe_key/secret_test:sk_test_51OE36PAY6h3WmJkAUToMRvqBKj9Fp91ohrwICJ3en1KyZpAHrvT2o8w7lNP12VSnNQDbTBX7D8HyMKfE4FAD3nA6RKQLUCY3Jm⟧'

def refund_order(order)
  Stripe::Refund.create(
    payment_intent: order.payment_intent_id,
    amount: order.refundable_cents,
    metadata: { order_id: order.id, reason: 'customer_request' }
  )
rescue Stripe::InvalidRequestError => e
  Rails.logger.warn("refund failed for #{order.id}: #{e.message}")
end
