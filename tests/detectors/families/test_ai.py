from __future__ import annotations

import pytest

from tests.detectors.findings import found

EXAMPLES = [
    ("openai_api_key", "OPENAI_API_KEY={}", "sk-proj-" + "Xq9vL2mT8rKc4WzN1bYs7dF3hJ6pQ0aE5gU" * 2),
    (
        "azure_openai_key",
        "-H 'api-key: {}'",
        "aNGrj1XfmnzCygH33ydugC0hGAxuoWRFjeVDjBNzF9DY5aiGA11jJQQJ99BFACYeBjFXJ3w3AAABACOG0WaW",
    ),
    ("azure_openai_key", "AZURE_OPENAI_API_KEY={}", "3d10ccdddeeab5d802f065ba06a39081"),
    ("anthropic_api_key", "ANTHROPIC_API_KEY={}", "sk-ant-api03-" + "Zq8RkV2mX9tLcW4nB7yP-_3dF" * 4 + "AA"),
    ("huggingface_token", "HF_TOKEN={}", "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"),  # letters only
    ("huggingface_token", "huggingface-cli login --token {}", "hf_Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBb"),
    ("huggingface_token", "InferenceClient(token='{}')", "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"),
    ("cohere_key", "CO_API_KEY={}", "DuiBsFJ4QKOdi2POreKg2grbkdgTT7BwE5h3tida"),
    ("mistral_key", "MISTRAL_API_KEY={}", "nUXMEdzxLNnEPeDX3aYq0rbS8d9Tgj4H"),
    ("groq_key", "Groq(api_key='{}')", "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"),
    ("replicate_token", "REPLICATE_API_TOKEN={}", "r8_5lzpuZ7aU2OhbSUAJxJA5ynxLWXE1yL0k9G6K"),
    ("perplexity_key", "Authorization: Bearer {}", "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"),
    (
        "xai_key",
        "XAI_API_KEY={}",
        "xai-ia7DL1HNRxZ9flpcSNFoOwMnNMe5QEHk3pmJQOlSPc4J1FMbOa0yemYCQwVePkQ2oA0dkjPatNdPgOQW",
    ),
    ("deepseek_key", "DEEPSEEK_API_KEY={}", "sk-0f8298f79616c33c60a2d446e52ff5e1"),
    ("together_key", "TOGETHER_API_KEY={}", "tgp_v1_7B2iMRuU3cajQMc7hgAq3H4MiZct-XUkVYVmre5bSDC"),
    (
        "together_key",
        "Together(api_key='{}')",
        "135780cace112e4789769fe774589f34b8760afa02aba08eba3b53f76741bf54",
    ),
    ("fireworks_key", "FIREWORKS_API_KEY={}", "fw_39iMswL21izWK3mEdRqTYbIW"),
    (
        "openrouter_key",
        "OPENROUTER_API_KEY={}",
        "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",
    ),
]

QUIET = [
    "from huggingface_hub import hf_hub_download, snapshot_download",
    "hf_ThisIsOnlyAVeryLongCamelCaseNameHere = 1",
    "OPENAI_API_KEY=sk-...",
    "model = 'mistral-large-latest'  # mistral",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []
