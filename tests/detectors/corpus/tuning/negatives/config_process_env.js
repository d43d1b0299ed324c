'use strict';

module.exports = {
  stripeSecretKey: process.env.STRIPE_SECRET_KEY,
  githubToken: process.env.GITHUB_TOKEN || '',
  database: {
    host: process.env.PGHOST || 'localhost',
    password: process.env.PGPASSWORD,
  },
  jwtSecret: process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })(),
};
