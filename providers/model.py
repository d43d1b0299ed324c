"""Which model a request asks for: its body's `model` field (Anthropic, OpenAI and the
shapes that copy them, Copilot), else the model in its URL (Gemini, Vertex, Azure's
deployment, Copilot's engine)."""

from __future__ import annotations

import re

_IN_BODY = re.compile(rb'"model"\s*:\s*"([^"\\]{1,200})"')
_IN_PATH = re.compile(r"/(?:models|tunedModels|engines|deployments)/([^/:?]{1,200})")


def requested_model(path: str, body: bytes) -> str:
    """The model's name, or "" when the request does not say."""
    found = _IN_BODY.search(body)
    if found:
        return found.group(1).decode("utf-8", "replace")
    in_path = _IN_PATH.search(path.partition("?")[0])
    return in_path.group(1) if in_path else ""
