import Stripe from 'stripe';
import express from 'express';

const stripe = new Stripe('⟦stripe_key/secret_live: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⟧', { apiVersion: '2023-10-16' });
const app = express();

app.post('/checkout', async (req, res) => {
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: 'price_1OqZ3bKx9wHbQImTVOKOXrY', quantity: 1 }],
    success_url: 'https://shop.acme.io/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.acme.io/cart',
  });
  res.redirect(303, session.url);
});
