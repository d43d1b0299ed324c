const { Client } = require("intercom-client");

// workspace "Northwind Support" access token
const client = new Client({ tokenAuth: { token: "⟦intercom_token/js:dG9rOjVLGtxdCEgITeZ6BWdz2ekNFOacYpHoKXExgczEr1H3m6FxCXQlisgm=⟧" } });

module.exports = async function tagVip(userId) {
  await client.tags.tagUsers({ name: "vip", users: [{ id: userId }] });
};
