from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from policy.attribution import (
    attribute,
    attribute_directory,
    files_in,
    hints_in,
    sign_in_token,
    tag_credentials,
    tagged_repository,
)
from policy.decision import decide
from policy.file import parse_policy
from policy.model import Source, Tier

HOME = os.path.expanduser("~")
POLICY = parse_policy(
    b"""version: 1
default_tier: restricted
repositories:
  - name: ledger
    tier: internal
    paths: ['/work/ledger']
  - name: trading
    tier: confidential
    remotes: ['*github.com[:/]acme/trading*']
  - name: forks
    tier: public
""",
    "p.yaml",
)


def body(document: object) -> bytes:
    return json.dumps(document).encode()


def test_proxy_credentials_round_trip() -> None:
    user, password = tag_credentials("/work/ledger/ünï code")
    header = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    assert tagged_repository(header) == "/work/ledger/ünï code"
    assert tagged_repository("Basic " + base64.b64encode(b"alice:secret").decode()) is None
    assert tagged_repository("Bearer x") is None
    assert tagged_repository("Basic !!!") is None


def test_the_first_source_that_answers_wins() -> None:
    claude = body(
        {"system": [{"type": "text", "text": "<env>\nWorking directory: /work/ledger/src\n</env>"}]}
    )
    tagged = attribute(POLICY, tagged="/srv/other/forks", body=claude, remotes=lambda _: ())
    assert (tagged.repository.name, tagged.source) == ("forks", Source.PROXY_CREDENTIALS)  # type: ignore[union-attr]
    hinted = attribute(POLICY, body=claude, remotes=lambda _: ())
    assert (hinted.repository.name, hinted.source, hinted.root) == (
        "ledger",
        Source.CLIENT_HINT,
        "/work/ledger",
    )  # type: ignore[union-attr]
    read = body(
        {
            "messages": [
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "input": {"file_path": "/work/ledger/a.py"}}],
                }
            ]
        }
    )
    by_file = attribute(POLICY, body=read, remotes=lambda _: ())
    assert (by_file.repository.name, by_file.source) == ("ledger", Source.FILE_PATH)  # type: ignore[union-attr]
    nothing = attribute(POLICY, body=b'{"messages": []}', remotes=lambda _: ())
    assert (nothing.repository, nothing.source) == (None, Source.DEFAULT)


def test_a_working_directory_is_matched_by_its_git_remote(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "config").write_text('[remote "origin"]\n\turl = git@github.com:acme/trading.git\n')
    codex = body(
        {
            "input": [
                {
                    "role": "user",
                    "content": f"<environment_context><cwd>{checkout}/src</cwd></environment_context>",
                }
            ]
        }
    )
    found = attribute(POLICY, body=codex)
    assert (found.repository.name, found.source) == ("trading", Source.CLIENT_HINT)  # type: ignore[union-attr]


def test_a_checkout_is_its_repository_by_path_remote_or_name_and_keeps_its_tier(tmp_path: Path) -> None:
    checkout = tmp_path / "trading"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "config").write_text('[remote "origin"]\n\turl = https://github.com/acme/trading\n')
    assert attribute_directory(POLICY, "/work/ledger").repository.name == "ledger"  # type: ignore[union-attr]
    by_remote = attribute_directory(POLICY, str(checkout))
    assert (by_remote.repository.name, by_remote.source) == ("trading", Source.CHECKOUT)  # type: ignore[union-attr]
    forks = attribute_directory(POLICY, str(tmp_path / "forks"))
    # Not text typed into a prompt: the repository's own tier, not raised to the default's.
    assert decide(POLICY, forks).tier is Tier.PUBLIC
    assert attribute_directory(POLICY, str(tmp_path / "elsewhere")).repository is None


def test_hints_and_files_in_each_client_shape() -> None:
    assert hints_in(b'"text": "Working directory: /a/b\\nIs directory a git repo: Yes"') == ["/a/b"]
    assert hints_in(b"<cwd>/x/y</cwd>") == ["/x/y"]
    assert hints_in(b"I'm currently working in the directory: /g/h\\n") == ["/g/h"]
    copilot = (
        b"<workspace_info>\\nI am working in a workspace with the following folders:\\n"
        b"- /repo/one \\n</workspace_info>"
    )
    assert hints_in(copilot) == ["/repo/one"]
    arguments = body({"arguments": json.dumps({"path": "/w/x.py"})})
    assert files_in(arguments) == ["/w/x.py"]
    assert files_in(b'"prompt": "# Path: src/app.py\\nimport os"') == ["src/app.py"]


def test_the_files_a_request_names_come_with_it_only_where_path_rules_need_them() -> None:
    ruled = parse_policy(
        b"version: 1\ndefault_tier: restricted\nrepositories:\n"
        b"  - {name: wealth, tier: restricted, paths: ['/work/wealth'],\n"
        b"     rules: [{path: 'src/ledger/**', tier: confidential}]}\n"
        b"  - {name: ledger, tier: internal, paths: ['/work/ledger']}\n",
        "p.yaml",
    )
    reads = body(
        {"system": "Working directory: /work/wealth", "input": {"file_path": "/work/wealth/src/ledger/a.py"}}
    )
    by_hint = attribute(ruled, body=reads, remotes=lambda _: ())
    assert (by_hint.source, by_hint.files) == (Source.CLIENT_HINT, ("/work/wealth/src/ledger/a.py",))
    by_file = attribute(ruled, body=body({"input": {"file_path": "/work/wealth/src/ledger/a.py"}}))
    assert (by_file.source, by_file.files) == (Source.FILE_PATH, ("/work/wealth/src/ledger/a.py",))
    no_rules = attribute(ruled, body=body({"input": {"file_path": "/work/ledger/a.py"}}))
    assert (no_rules.repository.name if no_rules.repository else None, no_rules.files) == ("ledger", ())


def test_a_sign_in_token_travels_as_the_password_with_the_repository_in_the_user() -> None:
    user, password = tag_credentials("/work/ledger", "eyJhbGciOi.x.y")
    header = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    assert tagged_repository(header) == "/work/ledger"
    assert sign_in_token(header) == "eyJhbGciOi.x.y"
    user, password = tag_credentials(None, "eyJhbGciOi.x.y")
    header = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    assert (tagged_repository(header), sign_in_token(header)) == (None, "eyJhbGciOi.x.y")
    assert sign_in_token("Basic " + base64.b64encode(b"alice:secret").decode()) is None
