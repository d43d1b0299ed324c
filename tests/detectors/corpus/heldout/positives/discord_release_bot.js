const { Client, GatewayIntentBits } = require("discord.js");
const client = new Client({ intents: [GatewayIntentBits.Guilds] });
client.login("⟦discord_token/bot:MTjXoJ0jGy2hpBxZEq5eqGSp_V.iY3zjy.ZyjA32MoZGQQHZzRfSXS9ZC3Ju3XiwbsUrL8P4⟧");
