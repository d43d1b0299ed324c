from openai import OpenAI

client = OpenAI(api_key="⟦openai_api_key/project: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⟧")

def summarize(text: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Summarize in 3 bullet points."},
            {"role": "user", "content": text},
        ],
        temperature=0.2,
    )
    return resp.choices[0].message.content
