"""The restricted tier's promise as a property, through the real proxy: request bodies for
every adapter with random nesting, random types in every position, unknown keys and block
types, duplicate keys, odd characters, line endings, Unicode identifiers, escapes and
compressions, proprietary code and secrets placed anywhere, sent over HTTP/1.1 and HTTP/2.
Whatever the body, either no defined name and no secret reaches the provider, or nothing
does and the client gets a provider-shaped refusal; the audit trail has a record either way.

`make test` runs a bounded number of examples; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) many more.
"""

from __future__ import annotations

import gzip
import json
import os
import ssl
import uuid
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import brotli
import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy.net.encoding import encode_zstd

from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.leaks import CODE, NAMES, SECRET, Answer, assert_kept_in, trail_record

pytestmark = pytest.mark.e2e

settings.register_profile(
    "test", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))

GITHUB = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
UNICODE_CODE = "class Kontoinhaber_Ä:\n    def zinsen_für_konto(self):\n        return 1\n"
UNICODE_NAMES = frozenset({"Kontoinhaber_Ä", "zinsen_für_konto"})
SECRETS = (SECRET, GITHUB)

# What a firm's text looks like in a request, proprietary or not, in its odd forms too.
TEXTS = st.sampled_from(
    [
        f"Why is this wrong?\n```python\n{CODE}```",
        f"```python\r\n{CODE.replace(chr(10), chr(13) + chr(10))}```",
        f"```python\n{CODE}```\u0000",
        f"\ufeff```python\n{UNICODE_CODE}```",
        f"```\n{UNICODE_CODE}```",
        "     1\u2192class AccountLedger:\n     2\u2192    def rebalance_tranches(self, exposure_limit):\n",
        f"export AWS_ACCESS_KEY_ID={SECRET}",
        f"token: {GITHUB}",
        "hello there",
        "",
        "ok",
    ]
)
# Keys the adapters know, and keys nobody knows.
KEYS = st.one_of(
    st.sampled_from(
        [
            "messages", "content", "system", "text", "type", "role", "input", "tools", "name",
            "tool_use_id", "id", "signature", "thinking", "data", "source", "model", "arguments",
            "function", "tool_calls", "instructions", "output", "contents", "parts", "functionCall",
            "args", "systemInstruction", "metadata", "context", "document", "search_result",
            "encrypted_content", "input_schema", "description", "request",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8),
)  # fmt: skip
LEAVES = st.one_of(
    TEXTS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False)
)
TREES = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=16,
)
ROUTES = [
    "https://api.anthropic.com/v1/messages",
    "https://api.anthropic.com/v1/messages?beta=true",
    "https://api.anthropic.com/V1//messages/",
    "https://api.anthropic.com/v1/messages/batches",
    "https://api.openai.com/v1/chat/completions",
    "https://api.openai.com/v1/responses",
    "https://api.openai.com/v1/embeddings",
    "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent",
    "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse",
]
ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "": lambda body: body,
    "gzip": gzip.compress,
    "br": brotli.compress,
    "zstd": encode_zstd,
    "deflate": zlib.compress,
}


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """A JSON body: adapter-shaped keys and unknown ones at the top, anything below, maybe
    with a key written twice (the first copy holding the code, the last something harmless)."""
    top = draw(st.dictionaries(KEYS, TREES, min_size=1, max_size=5))
    text = json.dumps(top, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()) and text.startswith("{") and len(text) > 2:
        twice = draw(st.sampled_from(["content", "messages", "text", "input"]))
        text = f'{{"{twice}": {json.dumps(draw(TEXTS))}, {text[1:-1]}, "{twice}": "hi"}}'
    return text.encode()


@pytest.fixture(scope="module")
def clients(proxies: Proxies) -> Iterator[tuple[Proxy, dict[bool, httpx2.Client]]]:
    proxy = proxies.get("restricted")
    environment = proxy.environment()
    trust = ssl.create_default_context(cafile=environment["SSL_CERT_FILE"])
    made = {
        http2: httpx2.Client(proxy=environment["HTTPS_PROXY"], verify=trust, http2=http2, timeout=30)
        for http2 in (False, True)
    }
    yield proxy, made
    for client in made.values():
        client.close()


def send(client: httpx2.Client, url: str, body: bytes, encoding: str) -> Answer:
    agent = f"promise-property/{uuid.uuid4().hex}"
    headers = {"content-type": "application/json", "user-agent": agent}
    if encoding:
        headers["content-encoding"] = encoding
    response = client.post(url, content=ENCODINGS[encoding](body), headers=headers)
    return Answer(response.status_code, response.content, agent)


@given(
    body=bodies(),
    url=st.sampled_from(ROUTES),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    http2=st.booleans(),
)
def test_whatever_the_body_nothing_proprietary_leaves_in_clear(
    clients: tuple[Proxy, dict[bool, httpx2.Client]],
    fake: FakeProvider,
    body: bytes,
    url: str,
    encoding: str,
    http2: bool,
) -> None:
    proxy, made = clients
    fake.reset()
    answer = send(made[http2], url, body, encoding)
    assert_kept_in(fake, answer, NAMES | UNICODE_NAMES)
    for request in fake.received:
        for secret in SECRETS:
            assert secret not in request.content.decode("utf-8", "replace")
    record: dict[str, Any] = trail_record(proxy, answer)
    assert record["decision"] in ("blocked", "rewritten", "forwarded")
