curl https://api.perplexity.ai/chat/completions \
  -H "Authorization: Bearer ⟦perplexity_key/bearer: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⟧" \
  -H "Content-Type: application/json" \
  -d '{"model": "sonar", "messages": [{"role": "user", "content": "ECB rate decision today"}]}'
