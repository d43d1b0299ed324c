const fetch = require('node-fetch');

const WEBHOOK = 'https://discord.com/api/webhooks/1022928108323092073/⟦discord_token/webhook:_0Av75GMHV5QAwv9ooa0q0fB4FwE2Irqm_YxFN7ArqQp3F9HsQyYoQfaLtWJkoZ8oIUB⟧';

async function announce(version) {
  await fetch(WEBHOOK, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: `Released **${version}** :rocket:` }),
  });
}
