from huggingface_hub import InferenceClient

# org token for the "northwind" organisation, inference only
client = InferenceClient(token="⟦huggingface_token/org_token: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⟧")
print(client.text_classification("card declined twice today", model="northwind/complaint-router"))
