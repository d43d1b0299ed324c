// The OpenID provider the gateway tests sign in against: oidc-provider with the device
// authorization grant, its development sign-in pages (any password), and the accounts,
// signing keys and port the test gives it. Loopback only.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const { IDP_PORT, IDP_KEYS, IDP_ACCOUNTS } = process.env;
const issuer = `http://127.0.0.1:${IDP_PORT}`;
const keys = JSON.parse(readFileSync(IDP_KEYS, 'utf8'));
const accounts = JSON.parse(readFileSync(IDP_ACCOUNTS, 'utf8'));

const deviceClient = (clientId) => ({
  client_id: clientId,
  token_endpoint_auth_method: 'none',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
  response_types: [],
  redirect_uris: [],
});

const provider = new Provider(issuer, {
  // `pretense` is the gateway's audience; tokens of `another-app` are for someone else; those
  // of `short-lived` expire after a few seconds.
  clients: ['pretense', 'another-app', 'short-lived'].map(deviceClient),
  jwks: { keys },
  features: { deviceFlow: { enabled: true }, devInteractions: { enabled: true } },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  // The ID token carries the claims of the scopes granted (the gateway reads them from it).
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          preferred_username: account.email,
          name: sub,
          email: account.email,
          email_verified: true,
          groups: account.groups,
        };
      },
    };
  },
  ttl: {
    AccessToken: 3600,
    DeviceCode: 600,
    Grant: 3600,
    IdToken: (ctx, token, client) => (client.clientId === 'short-lived' ? 4 : 3600),
    Interaction: 600,
    RefreshToken: 86400,
    Session: 3600,
  },
  cookies: { keys: ['pretense-test-idp'] },
});

provider.listen(Number(IDP_PORT), '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer}`);
});
