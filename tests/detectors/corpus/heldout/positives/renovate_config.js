module.exports = {
  platform: "github",
  endpoint: "https://api.github.com/",
  token: "⟦github_token/fine_grained: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⟧",
  repositories: ["northwind/ledger", "northwind/ledger-ui"],
  onboarding: false,
};
