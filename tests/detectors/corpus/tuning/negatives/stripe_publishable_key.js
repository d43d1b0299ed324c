import { loadStripe } from '@stripe/stripe-js';

// publishable keys are meant to be embedded in the browser bundle
const STRIPE_PK = import.meta.env.PROD
  ? 'pk_live_51Pu2mz4SpszTJ5b0mOv4ka6RnfQqJayLijkp2n6iBE7ZO3mJKWVQsfhEYKm7HnfefJxIMRDMIXFT4HEmbR5EvQA0eNqgU2sLjT'
  : 'pk_test_51aA4z9mzf4hKF2CIMvLjXE9zjheynlkxVZbFEEhOy1fJpTrnHvOmAh2hp6jcgBRqE3bmYklrp8PUNyE3HWvKdlzT5OFsp7H7Lb';

export const stripePromise = loadStripe(STRIPE_PK);
