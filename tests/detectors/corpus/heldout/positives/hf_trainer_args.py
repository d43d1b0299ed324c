from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained(
    "northwind/fraud-bert-small",
    token="⟦huggingface_token/from_pretrained: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⟧",
    num_labels=2,
)
