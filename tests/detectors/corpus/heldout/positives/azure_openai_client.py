from openai import AzureOpenAI

client = AzureOpenAI(
    azure_endpoint="https://nw-ai-uks.openai.azure.com",
    api_key="⟦azure_openai_key/python_kwarg:072bae37e05ac229be20d49e6e0e7cea⟧",
    api_version="2024-10-21",
)
