from openai import OpenAI

client = OpenAI(api_key="⟦openai_api_key/project: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⟧")
batch = client.batches.create(input_file_id="file-9mQ2xP1", endpoint="/v1/chat/completions", completion_window="24h")
