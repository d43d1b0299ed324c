"""AI providers: OpenAI and Azure OpenAI, Anthropic, Hugging Face, Cohere, Mistral, Groq, Replicate,
Perplexity, xAI, DeepSeek, Together, Fireworks, OpenRouter (Gemini keys are Google API keys)."""

from __future__ import annotations

import itertools

from detect_secrets.plugins.openai import OpenAIDetector

from detectors import checks
from detectors.base import AFTER, BEFORE, URL_AFTER, URL_BEFORE, Detector, Mode, from_plugin
from detectors.keyed import SPECIFIC, Contextual


class OpenAiKey(Detector):
    kind = "openai_api_key"
    based_on = OpenAIDetector
    anchors = ("sk-",)
    patterns = (
        rf"{BEFORE}sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{{40,}}{URL_AFTER}",
        *from_plugin(OpenAIDetector),
    )
    priority = SPECIFIC


class AzureOpenAiKey(Detector):
    """Azure AI services keys since 2024: 84 characters with Microsoft's `JQQJ` signature at
    52 and the `ACOG` provider mark at 76."""

    kind = "azure_openai_key"
    anchors = ("ACOG",)
    mode = Mode.WINDOW
    reach = (80, 8)
    patterns = (rf"{BEFORE}[A-Za-z0-9]{{52}}JQQJ[A-Za-z0-9]{{20}}ACOG[A-Za-z0-9]{{4}}{AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return True  # its run of `A`s is the format's, not a placeholder's


class AzureOpenAiLegacyKey(Contextual):
    kind = "azure_openai_key"
    anchors = ("openai.azure.com", "azure_openai", "azureopenai", "cognitiveservices")
    value = r"[a-f0-9]{32}"


class AnthropicKey(Detector):
    kind = "anthropic_api_key"
    anchors = ("sk-ant-",)
    patterns = (rf"{BEFORE}sk-ant-(?:api|admin|oat|ort|sid)\d\d-[A-Za-z0-9_-]{{32,}}{URL_AFTER}",)
    priority = SPECIFIC


class HuggingFaceToken(Detector):
    """User access tokens (`hf_` and 34 letters; older ones had digits too) and organization
    API tokens (`api_org_`)."""

    kind = "huggingface_token"
    anchors = ("hf_", "api_org_")
    patterns = (rf"{BEFORE}(?:hf|api_org)_[A-Za-z0-9]{{34,}}{AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        body = value.rpartition("_")[2]
        if any(c.isdigit() for c in body):
            return checks.looks_random(body, 30)
        # Letters only: random case, unlike a CamelCase name (hf_DownloadTheModelFromTheHub),
        # where a capital is almost never followed by another.
        capitals = sum(c.isupper() for c in body)
        runs = sum(a.isupper() and b.isupper() for a, b in itertools.pairwise(body))
        return checks.entropy(body) >= 3.8 and (runs >= 2 or capitals >= 0.4 * len(body))


class CohereKey(Contextual):
    kind = "cohere_key"
    anchors = ("cohere", "co_api_key")
    value = r"[A-Za-z0-9]{40}"


class MistralKey(Contextual):
    kind = "mistral_key"
    anchors = ("mistral",)
    value = r"[A-Za-z0-9]{32}"


class GroqKey(Detector):
    kind = "groq_key"
    anchors = ("gsk_",)
    patterns = (rf"{BEFORE}gsk_[A-Za-z0-9]{{52}}{AFTER}",)
    priority = SPECIFIC


class ReplicateToken(Detector):
    kind = "replicate_token"
    anchors = ("r8_",)
    patterns = (rf"{BEFORE}r8_[A-Za-z0-9]{{37}}{AFTER}",)
    priority = SPECIFIC


class PerplexityKey(Detector):
    kind = "perplexity_key"
    anchors = ("pplx-",)
    patterns = (rf"{BEFORE}pplx-[A-Za-z0-9]{{48}}{AFTER}",)
    priority = SPECIFIC


class XaiKey(Detector):
    kind = "xai_key"
    anchors = ("xai-",)
    patterns = (rf"{BEFORE}xai-[A-Za-z0-9]{{80}}{AFTER}",)
    priority = SPECIFIC


class DeepSeekKey(Contextual):
    kind = "deepseek_key"
    anchors = ("deepseek",)
    value = r"sk-[a-f0-9]{32}"


class TogetherKey(Detector):
    kind = "together_key"
    anchors = ("tgp_v1_",)
    patterns = (rf"{BEFORE}tgp_v1_[A-Za-z0-9_-]{{43}}{URL_AFTER}",)
    priority = SPECIFIC


class TogetherLegacyKey(Contextual):
    kind = "together_key"
    # Together's names in code and config, not the English word.
    anchors = ("together_", "together(", "together.ai", "togetherai")
    value = r"[a-f0-9]{64}"


class FireworksKey(Detector):
    kind = "fireworks_key"
    anchors = ("fw_",)
    patterns = (rf"{BEFORE}fw_[A-Za-z0-9]{{24}}{AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.looks_random(value[3:])


class OpenRouterKey(Detector):
    kind = "openrouter_key"
    anchors = ("sk-or-v1-",)
    patterns = (rf"{URL_BEFORE}sk-or-v1-[a-f0-9]{{64}}{AFTER}",)
    priority = SPECIFIC
