"""What the audit trail keeps of a held call besides its keyed HMAC (`installation.fingerprints`):
a short preview of its command as the provider saw it, secrets taken out."""

from __future__ import annotations

from detectors import Scanner
from guardrails.calls import ToolCall, effects_of
from guardrails.errors import UnreadableCommand

PREVIEW_CHARACTERS = 160


def preview(sent: ToolCall, scanner: Scanner) -> str:
    """The call's command (or arguments) as sent upstream, where the restricted tier's names
    are already pseudonyms, with every secret the scanner finds replaced by its kind."""
    try:
        text = effects_of(sent).subject
    except UnreadableCommand:
        text = str(sent.arguments)
    for finding in sorted(scanner.scan(text), key=lambda f: f.start, reverse=True):
        text = f"{text[: finding.start]}[{finding.kind}]{text[finding.end :]}"
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARACTERS else flat[: PREVIEW_CHARACTERS - 1] + "…"
