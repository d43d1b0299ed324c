export const providers = {
  replicate: "⟦replicate_token/ts:r8_yWHAjvxS0oEUXooi9mRHOnNhf776RexqNF1df⟧",
  perplexity: "⟦perplexity_key/ts: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⟧",
  openrouter: "⟦openrouter_key/ts: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⟧",
};
