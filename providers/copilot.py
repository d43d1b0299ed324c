"""GitHub Copilot's inline completions (`POST {proxy host}/v1/engines/{model}/completions`),
and the hosts a Copilot token names.

The request is OpenAI's legacy completions shape plus Copilot's fields: `prompt` (the code
before the cursor, starting with a `# Path: src/x.py` comment line), `suffix` (the code
after it), `extra.context` (snippets of other files), `extra.language`, `nwo`. The answer
streams `choices[].text`; `choices[].copilot_annotations` (code citations) carry character
offsets into the whole text of their choice, which move when a restored name is longer or
shorter than its pseudonym.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import orjson

from mutators.base import FieldKind, Restoration, StreamRestorer, Syntax, TextField
from mutators.segments import source_of
from providers.base import Json, WireFormat
from providers.openai_chat import Changes, ChoicesStream, openai_error
from providers.shape import Keys, Shape
from providers.sse import SSERewriter

_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+")
_PROXY_EP = re.compile(r"(?:^|;)proxy-ep=([^;]+)")


# Copilot's completions body: `nwo` names the repository (it attributes the request, and a
# renamed one would no longer); the rest of `extra` and every string beside it is content.
SHAPE = Shape(
    top=Keys(dispatch=frozenset({"model", "nwo"})),
    under={"extra": Keys(dispatch=frozenset({"language", "next_indent", "trim_by_indentation"}))},
)


class CopilotCompletions(WireFormat):
    name = "copilot-completions"
    shape = SHAPE

    def request_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict) or not isinstance(body.get("prompt"), str):
            return []
        prompt = body["prompt"]
        # The suffix is the rest of the file the prompt's `Path:` line names: read it as that
        # file; without one, each part's language is guessed.
        path = source_of(prompt)
        kind = FieldKind.TOOL_RESULT if path else FieldKind.MESSAGE
        fields = [TextField(("prompt",), prompt, kind, "user", source_path=path)]
        if isinstance(body.get("suffix"), str):
            fields.append(TextField(("suffix",), body["suffix"], kind, "user", source_path=path))
        extra = body.get("extra")
        context = extra.get("context") if isinstance(extra, dict) else None
        for index, snippet in enumerate(context if isinstance(context, list) else []):
            if isinstance(snippet, str):
                fields.append(TextField(("extra", "context", index), snippet, FieldKind.DOCUMENT, "user"))
        return fields

    def response_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
            return []
        return [
            TextField(("choices", index, "text"), choice["text"], FieldKind.MESSAGE, "assistant")
            for index, choice in enumerate(body["choices"])
            if isinstance(choice, dict) and isinstance(choice.get("text"), str)
        ]

    def stream(self, restoration: Restoration) -> SSERewriter:
        stream = _CompletionStream(restoration)
        return SSERewriter(stream.rewrite, stream.finish)

    def error_body(self, status: int, message: str) -> bytes:
        return openai_error(status, message)

    def error_status(self, status: int) -> int:
        # Copilot takes a 401 or 403 for an expired token and fetches a new one before every
        # completion: a policy refusal is a bad request, which it shows (below) and logs.
        return 400 if status in (401, 403) else status

    def error_headers(self) -> dict[str, str]:
        # Copilot shows the body of a 4xx in its status bar only when the answer carries
        # this header; without it, it says a proxy interferes and shows nothing of why.
        return {"x-github-request-id": "pretense-blocked"}


class _Choice:
    """One choice's text as the provider sent it and as the client got it."""

    def __init__(self, restorer: StreamRestorer) -> None:
        self.restorer = restorer
        self.sent: list[str] = []


class _CompletionStream(ChoicesStream):
    """Restores `choices[].text`, and moves the choice's citation offsets with it."""

    def __init__(self, restoration: Restoration) -> None:
        super().__init__(restoration)
        self._choices: dict[int, _Choice] = {}

    def _choice(self, choice: dict[str, Json], path: tuple[str | int, ...]) -> Changes:
        state = self._choices.get(choice["index"])
        if state is None:
            state = self._choices[choice["index"]] = _Choice(self._restoration.restorer(Syntax.TEXT))
        changes: Changes = {}
        text = choice.get("text")
        if isinstance(text, str):
            state.sent.append(text)
            new = state.restorer.feed(text)
            if new != text:
                changes[(*path, "text")] = new
        annotations = choice.get("copilot_annotations")
        if isinstance(annotations, dict):
            moved = self._annotations(annotations, "".join(state.sent))
            if moved != annotations:
                choice["copilot_annotations"] = moved  # offsets are numbers: not spliced
                self._changed_in_place = True
        return changes

    def _annotations(self, annotations: dict[str, Json], sent: str) -> dict[str, Json]:
        """The annotations with their offsets moved from the provider's text to the client's."""
        moved: dict[str, Json] = {}
        for namespace, items in annotations.items():
            if not isinstance(items, list):
                moved[namespace] = items
                continue
            moved[namespace] = [
                {
                    **item,
                    **{
                        key: self._offset(item[key], sent)
                        for key in ("start_offset", "stop_offset")
                        if isinstance(item.get(key), int) and not isinstance(item.get(key), bool)
                    },
                }
                if isinstance(item, dict)
                else item
                for item in items
            ]
        return moved

    def _offset(self, offset: int, sent: str) -> int:
        """Where `offset` (in the provider's text) falls in the restored text: the length of
        the provider's text up to there, restored on its own. Offsets count UTF-16 code units,
        as JavaScript strings do."""
        prefix = _utf16_prefix(sent, offset)
        restorer = self._restoration.restorer(Syntax.TEXT)
        return _utf16_length(restorer.feed(prefix) + restorer.flush()) + max(0, offset - _utf16_length(sent))

    def _flush(self, index: int | None) -> bytes:
        out = []
        for key in [k for k in self._choices if index is None or k == index]:
            tail = self._choices.pop(key).restorer.flush()
            if tail:
                out.append(self._tail({"index": key, "text": tail, "finish_reason": None, "logprobs": None}))
        return b"".join(out)


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of `text` at most `units` UTF-16 code units long."""
    if units >= _utf16_length(text):
        return text
    count = 0
    for index, char in enumerate(text):
        count += 2 if ord(char) > 0xFFFF else 1
        if count > units:
            return text[:index]
    return text


def token_hosts(body: bytes) -> Iterator[str]:
    """The AI hosts a Copilot token exchange answer names: the token's `proxy-ep` (inline
    completions) and its `endpoints.api` and `endpoints.proxy` (chat and completions)."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return
    if not isinstance(document, dict):
        return
    candidates = []
    token = document.get("token")
    if isinstance(token, str) and (found := _PROXY_EP.search(token)):
        candidates.append(found.group(1))
    endpoints = document.get("endpoints")
    if isinstance(endpoints, dict):
        candidates += [
            urlsplit(endpoints[key]).hostname or ""
            for key in ("api", "proxy")
            if isinstance(endpoints.get(key), str)
        ]
    for candidate in candidates:
        host = candidate.strip().lower().rstrip(".")
        if is_host_name(host):
            yield host


def is_host_name(text: str) -> bool:
    """A DNS name of two labels or more (no scheme, port, path or IP address literal)."""
    return _HOST.fullmatch(text) is not None and not text.replace(".", "").isdigit()
