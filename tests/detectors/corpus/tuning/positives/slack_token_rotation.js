const { WebClient } = require('@slack/web-api');

// refresh token captured from the oauth.v2.access exchange on 2024-03-02
const REFRESH_TOKEN = '⟦slack_token/refresh:xoxe-1-KMTyk21sbhYXnjbpROn1f74ZwBmd2nuLywYMhsgKU0U7BC5XeDM562DYhqm7EnQjdRzYXzGvr83b6TlyPrTIjgR7DWCHF7ZGz85zH1rk2VnaN6WwqWEjAuiWosRFi8pM8dNyTMI1zO0j⟧';

async function rotate(clientId, clientSecretFromVault) {
  const web = new WebClient();
  const res = await web.oauth.v2.access({
    client_id: clientId,
    client_secret: clientSecretFromVault,
    grant_type: 'refresh_token',
    refresh_token: REFRESH_TOKEN,
  });
  return res.access_token;
}

module.exports = { rotate };
