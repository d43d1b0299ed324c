const { Configuration, PlaidApi, PlaidEnvironments } = require("plaid");

const config = new Configuration({
  basePath: PlaidEnvironments.production,
  baseOptions: {
    headers: {
      "PLAID-CLIENT-ID": "9d95a0cec0653c20fa7de9ca",
      "PLAID-SECRET": "⟦plaid_secret/header_secret:92b28727456eda7fb1c87d94ddc459⟧",
    },
  },
});
export const plaid = new PlaidApi(config);
