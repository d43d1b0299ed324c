curl "https://nw-ai-uks.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" \
  -H "Content-Type: application/json" \
  -H "api-key: ⟦azure_openai_key/header_cask:vRid9XEpzOfCLQ3GVSjkifmOuCP39V0jBC4MBAZTqaat1wwXeU0kJQQJ99BFACYeBjFXJ3w3AAABACOGw4Cd⟧" \
  -d '{"messages":[{"role":"user","content":"hello"}]}'
