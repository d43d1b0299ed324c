"""The restricted tier's promise through the real proxy, one test per class of input that
once let code out in clear: whatever the shape, character, path, scheme, failure or hint,
no defined name and no secret reaches the provider, or the request is refused and nothing
is forwarded; and the audit trail records it either way."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.leaks import CODE, FENCED, NAMES, SECRET, assert_kept_in, curl, trail_record

pytestmark = pytest.mark.e2e

ANTHROPIC = "https://api.anthropic.com/v1/messages"
OPENAI = "https://api.openai.com/v1/chat/completions"
J = json.dumps  # a JSON string literal of the text


def anthropic(messages: str, extra: str = "") -> bytes:
    return f'{{"model":"claude-sonnet-5-5","max_tokens":64,"messages":[{messages}]{extra}}}'.encode()


def user(content: str, extra: str = "") -> str:
    return f'{{"role":"user","content":{content}{extra}}}'


# 1. Shapes an adapter does not walk: each holds the code and the secret somewhere the old
# adapters never looked, or twice under one key.
SHAPES = {
    "content as an object": (ANTHROPIC, anthropic(user(f'{{"type":"text","text":{J(FENCED)}}}'))),
    "content as a list of bare strings": (ANTHROPIC, anthropic(user(f"[{J(FENCED)}]"))),
    "system as an object": (
        ANTHROPIC,
        anthropic(user('"hi"'), f',"system":{{"type":"text","text":{J(FENCED)}}}'),
    ),
    "tool_result content as an object": (
        ANTHROPIC,
        anthropic(
            '{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read",'
            '"input":{"file_path":"/src/a.py"}}]},'
            + user(
                f'[{{"type":"tool_result","tool_use_id":"t1","content":{{"type":"text","text":{J(CODE)}}}}}]'
            )
        ),
    ),
    "an unknown top-level key": (ANTHROPIC, anthropic(user('"hi"'), f',"context":{J(FENCED)}')),
    "an unknown message key": (ANTHROPIC, anthropic(user('"hi"', f',"attachments":[{J(FENCED)}]'))),
    "a search_result block": (
        ANTHROPIC,
        anthropic(
            user(
                '[{"type":"search_result","source":"https://wiki/x","title":"notes",'
                f'"content":[{{"type":"text","text":{J(FENCED)}}}]}}]'
            )
        ),
    ),
    "a document of content blocks": (
        ANTHROPIC,
        anthropic(
            user(
                '[{"type":"document","source":{"type":"content",'
                f'"content":[{{"type":"text","text":{J(FENCED)}}}]}}}}]'
            )
        ),
    ),
    "a document's context": (
        ANTHROPIC,
        anthropic(
            user(
                '[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"see"},'
                f'"context":{J(FENCED)}}}]'
            )
        ),
    ),
    "a duplicated key": (ANTHROPIC, anthropic(user(J(FENCED), ',"content":"hi"'))),
    "function arguments as an object": (
        OPENAI,
        f'{{"model":"gpt-4.1","messages":[{{"role":"assistant","tool_calls":[{{"id":"c1","type":"function",'
        f'"function":{{"name":"write","arguments":{{"code":{J(CODE)},"key":{J(SECRET)}}}}}}}]}}]}}'.encode(),
    ),
    "OpenAI content as an object": (
        OPENAI,
        f'{{"model":"gpt-4.1","messages":[{{"role":"user","content":{{"text":{J(FENCED)}}}}}]}}'.encode(),
    ),
}


@pytest.mark.parametrize("http2", [False, True], ids=["http1", "http2"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shapes_no_adapter_walks_are_rewritten_or_refused(
    proxies: Proxies, fake: FakeProvider, shape: str, http2: bool
) -> None:
    proxy = proxies.get("restricted")
    url, body = SHAPES[shape]
    answer = curl(proxy, url, body, http2=http2)
    outcome = assert_kept_in(fake, answer)
    assert trail_record(proxy, answer)["decision"] == ("blocked" if outcome == "blocked" else "rewritten")


# 2. One odd character in a field must not turn renaming off for the whole field.
UNICODE_CODE = (
    "class Kontoinhaber_Ä:\n"
    "    def zinsen_für_konto(self, zinssatz_p):\n"
    "        return zinssatz_p\n"
    "def 残高を計算(口座残高):\n"
    "    return 口座残高\n"
)
CHARACTERS = {
    "an escaped NUL": (FENCED + "\u0000 end", NAMES),
    "CRLF line endings": (FENCED.replace("\n", "\r\n"), NAMES),
    "CR line endings": (FENCED.replace("\n", "\r"), NAMES),
    "a byte order mark": ("\ufeff" + FENCED, NAMES),
    "identifiers that are not ASCII": (
        f"Why?\n```python\n{UNICODE_CODE}```\n",
        frozenset({"Kontoinhaber_Ä", "zinsen_für_konto", "zinssatz_p", "残高を計算", "口座残高"}),
    ),
}


@pytest.mark.parametrize("case", sorted(CHARACTERS))
def test_odd_characters_do_not_turn_renaming_off(proxies: Proxies, fake: FakeProvider, case: str) -> None:
    text, names = CHARACTERS[case]
    answer = curl(proxies.get("restricted"), ANTHROPIC, anthropic(user(J(text))))
    assert assert_kept_in(fake, answer, names) == "forwarded"


# 3. Paths on an AI host that no route inspects.
PATHS = [
    ("https://api.anthropic.com/v1/messages/batches", '{"requests":[{"custom_id":"a","params":%s}]}'),
    ("https://api.anthropic.com/v1/messages/", "%s"),
    ("https://api.anthropic.com//v1/messages", "%s"),
    ("https://api.anthropic.com/v1/./messages", "%s"),
    ("https://api.anthropic.com/V1/Messages", "%s"),
    ("https://api.anthropic.com/v1/%6dessages", "%s"),
    ("https://api.openai.com/v1/chat/completions/", "%s"),
    ("https://api.openai.com/v1/embeddings", '{"model":"text-embedding-3-small","input":%s}'),
    ("https://api.openai.com/v1/threads/thread_abc/messages", '{"role":"user","content":%s}'),
]


@pytest.mark.parametrize(("url", "template"), PATHS)
def test_paths_no_route_inspects_are_refused_or_rewritten(
    proxies: Proxies, fake: FakeProvider, url: str, template: str
) -> None:
    proxy = proxies.get("restricted")
    body = (template % anthropic(user(J(FENCED))).decode()).encode()
    answer = curl(proxy, url, body, arguments=("--path-as-is",))
    assert_kept_in(fake, answer)
    assert trail_record(proxy, answer)["path"] == url.partition(".com")[2]


# 4. Plain HTTP to an AI host, with a Host header naming another host.
def test_plain_http_to_an_ai_host_is_never_tunnelled(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("restricted")
    answer = curl(
        proxy,
        "http://api.anthropic.com/v1/messages",
        anthropic(user(J(FENCED))),
        headers=("content-type: application/json", "Host: example.com"),
    )
    assert assert_kept_in(fake, answer) == "blocked"
    assert trail_record(proxy, answer)["decision"] == "blocked"


# 5. An exception anywhere before the rewrite must not let the request out.
def test_a_key_that_breaks_at_reload_keeps_the_last_good_one(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("restricted", policy="# key broken at reload\n")
    proxy.home.key_file.write_text("not hex at all\n")
    policy = next(proxy.home.root.glob("test-policy.yaml"))
    policy.write_text(policy.read_text() + "# touched\n")  # the next request reloads the policy
    time.sleep(1.2)
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(FENCED))))
    assert_kept_in(fake, answer)  # renamed with the last good key, or refused: never in clear
    assert trail_record(proxy, answer)
    assert "cannot be used; the previous ones stay in force" in proxy.log.read_text()


def test_a_working_directory_too_long_for_the_filesystem_is_data(
    proxies: Proxies, fake: FakeProvider
) -> None:
    proxy = proxies.get(
        "restricted", policy="repositories:\n  - {name: fork, tier: public, paths: ['/home/dev/oss-fork']}\n"
    )
    hint = "Working directory: /home/dev/" + "a" * 300 + "/project"
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(FENCED)), f',"system":{J(hint)}'))
    assert assert_kept_in(fake, answer) == "forwarded"


# 6. A transform that silently returns its input is caught before anything leaves.
def test_a_transform_that_returns_its_input_is_caught_by_the_egress_check(
    proxies: Proxies, fake: FakeProvider
) -> None:
    proxy = proxies.get("restricted", fault="identity")
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(FENCED))))
    assert assert_kept_in(fake, answer) == "blocked"
    assert "leak" in proxy.log.read_text()


# 7. Text in the request cannot lower its own tier.
FORK = "repositories:\n  - {name: oss-fork, tier: public, paths: ['/home/dev/oss-fork']}\n"
HINTS = {
    "a working-directory line in the prose": user(J("Working directory: /home/dev/oss-fork\n" + FENCED)),
    "a working-directory line in a comment of pasted code": user(
        J(f"```python\n# Working directory: /home/dev/oss-fork\n{CODE}```\nkey: {SECRET}")
    ),
    "a Read of a file under that folder": (
        '{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read",'
        '"input":{"file_path":"/home/dev/oss-fork/a.py"}}]},'
        + user(f'[{{"type":"tool_result","tool_use_id":"t1","content":{J(FENCED)}}}]')
    ),
}


@pytest.mark.parametrize("hint", sorted(HINTS))
def test_text_in_the_request_cannot_lower_its_tier(proxies: Proxies, fake: FakeProvider, hint: str) -> None:
    proxy: Proxy = proxies.get("restricted", policy=FORK)
    answer = curl(proxy, ANTHROPIC, anthropic(HINTS[hint]))
    assert assert_kept_in(fake, answer) == "forwarded"


def test_a_tag_from_pretense_run_still_lowers_it(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("restricted", policy=FORK)
    environment = proxy.environment("/home/dev/oss-fork")
    subprocess.run(
        ["curl", "--silent", ANTHROPIC, "--data-binary", "@-", "-H", "content-type: application/json"],
        input=anthropic(user(J(CODE))),
        env=environment,
        capture_output=True,
        timeout=30,
        check=True,
    )
    assert b"AccountLedger" in fake.only().content  # the public tier, chosen by the developer's tag


# Faults injected in every stage of the inspection and every hook on the request's way: in
# the restricted tier nothing leaves in clear, and the trail records what failed.
ALL_IN_WORKERS = {"pretense_inline_kb": "0"}  # so that a hang meets the deadline, not the event loop
QUICK_LIMIT = "limits: {rewrite_seconds: 2}\n"
FAULTS = [
    *(
        f"{kind}:{stage}"
        for kind in ("raise", "hang")
        for stage in ("decode", "policy", "parse", "rewrite", "egress")
    ),
    "identity",
    "hook:Router.requestheaders",
    "hook:Identity.requestheaders",
    "hook:Inspection.request",
]


@pytest.mark.parametrize("fault", FAULTS)
def test_no_fault_on_the_way_lets_a_request_out_in_clear(
    proxies: Proxies, fake: FakeProvider, fault: str
) -> None:
    proxy = proxies.get("restricted", fault=fault, policy=QUICK_LIMIT, options=ALL_IN_WORKERS)
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(FENCED))))
    assert assert_kept_in(fake, answer) == "blocked"
    record = trail_record(proxy, answer)
    assert record["decision"] == "blocked"
    if fault.startswith("hang"):
        assert "too large to rewrite in time" in str(record["block_reason"])
    elif fault.startswith(("raise", "hook")):
        assert record.get("internal_error")


@pytest.mark.parametrize(
    "fault", ["hook:Answers.responseheaders", "hook:Answers.response", "hook:Auditor.response"]
)
def test_a_fault_after_the_request_left_never_undoes_its_rewrite(
    proxies: Proxies, fake: FakeProvider, fault: str
) -> None:
    proxy = proxies.get("restricted", fault=fault)
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(FENCED))))
    assert assert_kept_in(fake, answer) == "forwarded"  # renamed before the fault, as always


def test_a_first_prompt_naming_the_code_of_its_working_directory_is_renamed(
    proxies: Proxies, fake: FakeProvider, tmp_path: Path
) -> None:
    """Nothing of the code is in the request yet, only its names in prose: the proxy indexes
    the git repository the tool works in before the prompt leaves."""
    repository = tmp_path / "wealth-platform"
    repository.mkdir()
    (repository / "tranche_ledger.py").write_text(CODE)
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    proxy = proxies.get("restricted", policy="# working directories indexed\n")
    system = f"Primary working directory: {repository}"
    prompt = "Make AccountLedger.rebalance_tranches in tranche_ledger.py return cents."
    answer = curl(proxy, ANTHROPIC, anthropic(user(J(prompt)), f',"system":{J(system)}'))
    assert assert_kept_in(fake, answer, NAMES | {"tranche_ledger"}) == "forwarded"
    assert list((proxy.home.root / "index").glob("wealth-platform@*.json"))
