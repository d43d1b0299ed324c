"""Commit attestations through the real proxy: an agent's Edit answered by the fake provider
(with the pseudonyms the restricted tier sends, restored on the way back), applied to the
file as the tool would, plus a line written by hand; then commits made with the installed
hook. The attestation verifies and counts the AI lines exactly; commits Pretense cannot vouch
for (the proxy stopped, another machine's key, an amended tree, a forged trailer) fail
`pretense verify-commits` with one line each; a rebased commit keeps its attestation."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import anthropic
import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.compact import decode
from attestations.install import install
from attestations.predicate import claim_of
from attestations.statement import parse_statement
from attestations.trailers import ASSISTED_BY, ATTESTATION, UNATTESTED, values
from audit.files import records
from audit.keys import public_pem
from tests import cli
from tests.attestations.repos import git, repository, write
from tests.e2e import shapes
from tests.e2e.conftest import ENTRY_SCRIPT, REDIRECT_SCRIPT, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, sse_reply
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e

PYTHON = Path(cli.PRETENSE).with_name("python")
SOURCE = "class AccountLedger:\n    def balance(self, entries):\n        return sum(entries)\n"
# The agent's edit, as the model writes it about the code it was sent (pseudonyms in it).
OLD = "        return sum(entries)\n"
NEW = (
    "        cleaned = [e for e in entries if e is not None]\n"
    "        return round(sum(cleaned), 2)\n"
    "\n"
    "    def audit(self, entries):\n"
    "        return {NAME}Report(self.balance(entries))\n"
)


@pytest.fixture
def ledger(tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider) -> Iterator[tuple[Path, Proxy]]:
    """A repository the policy lists as restricted, and a proxy of its own (a test stops it)."""
    base = tmp_path / "attest"
    base.mkdir()
    root = repository(base / "ledger", {"src/ledger/accounts.py": SOURCE})
    home = base / "home"
    home.mkdir()
    policy = home / "policy.yaml"
    policy.write_text(
        "version: 1\ndefault_tier: restricted\nrepositories:\n"
        f"  - {{name: ledger, tier: restricted, paths: ['{root}'], rules: [{{path: 'src/ledger/**', "
        "tier: restricted, ai_reviewers: 1}]}\n"
    )
    proxy = Proxy(home, policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))
    install(root, f"http://127.0.0.1:{proxy.port}", PYTHON)
    keys = base / "keys"
    keys.mkdir()
    (keys / "dev-laptop.pub").write_bytes(proxy.home.public_key_file.read_bytes())
    yield root, proxy
    proxy.stop()


def agent_edit(
    proxy: Proxy, fake: FakeProvider, root: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """One Claude-Code-like turn: the file is sent, the model answers with an Edit."""

    def answer(received: Received) -> Reply:
        sent = received.json()["messages"][0]["content"]
        name = re.search(r"class (\w+):", sent)
        assert name is not None
        assert name.group(1) != "AccountLedger"  # the restricted tier renamed it
        edit = {
            "file_path": str(root / "src/ledger/accounts.py"),
            "old_string": OLD,
            "new_string": NEW.format(NAME=name.group(1)),
        }
        return sse_reply(shapes.anthropic_stream("I'll clean the entries first.", edit, "Edit"))

    fake.respond = answer
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    with client.messages.stream(
        model="claude-sonnet-5-5",
        max_tokens=256,
        system=f"<env>\nWorking directory: {root}\nIs directory a git repo: Yes\n</env>",
        messages=[{"role": "user", "content": f"Skip missing entries:\n```python\n{SOURCE}```"}],
    ) as stream:
        message = stream.get_final_message()
    (call,) = [block for block in message.content if block.type == "tool_use"]
    return dict(call.input)  # type: ignore[arg-type]


def apply(root: Path, edit: dict[str, str]) -> None:
    path = Path(edit["file_path"])
    text = path.read_text()
    assert edit["old_string"] in text
    path.write_text(text.replace(edit["old_string"], edit["new_string"]))


def verify(root: Path, commits: str, keys: Path | None = None, approved: bool = True) -> tuple[int, str]:
    """verify-commits as CI runs it; `approved`: with one approving review of the head commit
    (the policy asks one for AI lines in src/ledger/)."""
    keys = keys or root.parent / "keys"
    reviews = root.parent / "reviews.json"
    head = git(root, "rev-parse", commits.rpartition("..")[2] or "HEAD")
    reviews.write_bytes(orjson.dumps([{"user": {"login": "ana"}, "state": "APPROVED", "commit_id": head}]))
    done = cli.pretense(
        root.parent / "home", "verify-commits", commits, "--keys", str(keys),
        "--policy", str(root.parent / "home" / "policy.yaml"),
        *(["--reviews", str(reviews)] if approved else []), cwd=root,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def message(root: Path, revision: str = "HEAD") -> str:
    return git(root, "log", "-1", "--format=%B", revision)


def test_a_commit_with_the_proxy_running_is_attested_and_its_ai_lines_counted(
    ledger: tuple[Path, Proxy], fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, proxy = ledger
    base = git(root, "rev-parse", "HEAD")
    edit = agent_edit(proxy, fake, root, monkeypatch)
    assert "AccountLedgerReport" in edit["new_string"]  # restored before the agent saw it
    apply(root, edit)
    with (root / "src/ledger/accounts.py").open("a") as handle:
        handle.write("# Reviewed by hand: entries may be None after the import.\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Skip missing ledger entries")
    text = message(root)
    assert values(text, ASSISTED_BY) == ["anthropic-sdk:claude-sonnet-5-5"]
    (value,) = values(text, ATTESTATION)
    claim = claim_of(parse_statement(decode(value).payload))
    # The edit adds 4 non-trivial lines (the blank line is trivial), the hand 1.
    assert (claim.provenance.added, claim.provenance.ai) == (5, 4)
    (share,) = claim.provenance.files
    assert (share.path, share.added, share.ai) == ("src/ledger/accounts.py", 5, 4)
    trail = list(records(proxy.home.audit_trail))
    (request,) = [r for r in trail if r.get("type") == "request" and r.get("repository") == "ledger"]
    assert share.exchanges == (request["seq"],)
    assert (claim.repository, claim.tier.value, claim.parent) == ("ledger", "restricted", base)
    assert (claim.exchanges.count, claim.exchanges.agents) == (1, {"anthropic-sdk": 1})
    attested = [r for r in trail if r.get("type") == "attestation"]
    assert attested[-1]["cites_seq"] < attested[-1]["seq"]
    committed = [r for r in trail if r.get("type") == "commit"]
    assert committed[-1]["commit"] == git(root, "rev-parse", "HEAD")
    status, out = verify(root, f"{base}..HEAD", approved=False)
    assert status == 1
    assert "needs 1 approving review of the head commit; no reviews were given" in out
    status, out = verify(root, f"{base}..HEAD")
    assert status == 0, out
    provenance = cli.pretense(proxy.home.root, "provenance", "HEAD", cwd=root)
    assert "4 of 5 added lines from AI answers (anthropic-sdk:claude-sonnet-5-5)" in provenance.stdout
    assert f"src/ledger/accounts.py  4 of 5 lines  exchanges {request['seq']}" in provenance.stdout

    # Amended with the hook: attested again, against the amended commit's parent, whole.
    write(root, {"src/ledger/notes.py": "NOTE = 'rounded to cents'\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-edit")
    amended = claim_of(parse_statement(decode(values(message(root), ATTESTATION)[0]).payload))
    assert (amended.parent, amended.provenance.added, amended.provenance.ai) == (base, 6, 4)
    assert verify(root, f"{base}..HEAD")[0] == 0

    # Rebased onto an upstream change: a new tree, the same change, still attested.
    git(root, "switch", "-q", "-c", "upstream", base)
    write(root, {"README.md": "# ledger, released\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Release notes")
    git(root, "switch", "-q", "main")
    git(root, "rebase", "-q", "upstream")
    status, out = verify(root, "upstream..HEAD")
    assert status == 0, out
    assert "OK: 1 commit (1 attested (rebased))" in out


def forged(value: str) -> str:
    """The attestation with its predicate changed (no AI lines) and its signature kept."""
    version, keyid, payload, signature = value.split(".")
    statement = orjson.loads(zlib.decompress(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
    statement["predicate"]["provenance"]["aiLines"] = 0
    statement["predicate"]["provenance"]["files"] = []
    packed = base64.urlsafe_b64encode(zlib.compress(orjson.dumps(statement))).decode().rstrip("=")
    return ".".join((version, keyid, packed, signature))


def test_commits_pretense_cannot_vouch_for_fail_with_one_line_each(
    ledger: tuple[Path, Proxy], fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root, proxy = ledger
    base = git(root, "rev-parse", "HEAD")
    write(root, {"src/ledger/rates.py": "RATE = 0.05\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rates")
    good = git(root, "rev-parse", "HEAD")

    # Attested with AI lines, then the trailer edited to claim none (no review needed then).
    apply(root, agent_edit(proxy, fake, root, monkeypatch))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Forged")
    genuine = values(message(root), ATTESTATION)[0]
    assert claim_of(parse_statement(decode(genuine).payload)).provenance.ai == 4
    git(root, "commit", "-q", "--amend", "--no-verify", "-m", message(root).replace(genuine, forged(genuine)))
    forged_commit = git(root, "rev-parse", "HEAD")

    write(root, {"src/ledger/rates.py": "RATE = 0.06\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Attested, then amended without the hook")
    write(root, {"src/ledger/rates.py": "RATE = 0.07\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-verify", "--no-edit")
    amended = git(root, "rev-parse", "HEAD")

    proxy.stop()
    write(root, {"src/ledger/fees.py": "FEE = 0.01\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Committed with the proxy stopped")
    stopped = git(root, "rev-parse", "HEAD")
    not_running = f"Pretense is not running at http://127.0.0.1:{proxy.port}"
    assert values(message(root), UNATTESTED)[0].startswith(not_running)

    status, out = verify(root, f"{base}..HEAD")
    assert status == 1
    lines = out.splitlines()
    assert lines[-1] == "FAILED: 4 commits (1 attested, 3 failed)"
    assert lines[0] == (
        f"FAILED {forged_commit[:12]} Forged: attestation rejected: the signature does not verify: "
        "the attestation was forged or altered"
    )
    assert lines[1].startswith(f"FAILED {amended[:12]} Attested, then amended without the hook: attested ")
    assert "its change differs from the one attested" in lines[1]
    assert lines[2].startswith(
        f"FAILED {stopped[:12]} Committed with the proxy stopped: not attested: the hook could not get an "
        f"attestation ({not_running}"
    )

    # A commit this machine attested, verified against another machine's key only.
    elsewhere = tmp_path / "other-keys"
    elsewhere.mkdir()
    (elsewhere / "gateway.pub").write_bytes(public_pem(Ed25519PrivateKey.generate().public_key()))
    status, out = verify(root, f"{base}..{good}", elsewhere)
    assert status == 1
    key_id = claim_of(parse_statement(decode(values(message(root, good), ATTESTATION)[0]).payload)).key_id
    assert out.splitlines()[0] == (
        f"FAILED {good[:12]} Rates: attestation rejected: signed by key {key_id[:16]}, which is not among "
        "the trusted keys"
    )
