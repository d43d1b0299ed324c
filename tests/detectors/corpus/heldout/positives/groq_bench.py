from groq import Groq

client = Groq(api_key="⟦groq_key/python: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⟧")
for model in ("llama-3.3-70b-versatile", "openai/gpt-oss-120b"):
    out = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "ping"}])
    print(model, out.usage.total_tokens)
