"""The proxy's side of an attestation, on a real repository: the change read with git, the
AI lines counted from the log and cited by their audit records, the claim signed citing
where the chain stands; and the record of a commit once made."""

from __future__ import annotations

import datetime
from pathlib import Path

import orjson
import pytest

from attestations.attest import CommitRequest, CommittedRequest
from attestations.compact import decode
from attestations.dsse import verified_by
from attestations.errors import AttestationError
from attestations.issuer import Issuer, Refused, Sealed
from attestations.lines import line_fingerprint, lines_key
from attestations.predicate import ProxyState, claim_of
from attestations.statement import parse_statement
from attestations.store import AiExchange, ProvenanceLog
from attestations.trailers import values
from audit.chain import ChainHead
from audit.files import trail_name
from policy.file import parse_policy
from policy.model import Policy, Tier
from tests.attestations.builders import KEY, TRUSTED
from tests.attestations.repos import commit, git, repository, staged_tree, write

INSTALLATION_KEY = b"i" * 32
NOW = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC).timestamp()
PROXY = ProxyState(True, True, True)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Issuer]:
    root = repository(tmp_path / "ledger", {"src/settle.py": "def settle(x):\n    return x\n"})
    log = ProvenanceLog(tmp_path / "provenance", clock=lambda: NOW)
    fp = lines_key(INSTALLATION_KEY)
    produced = frozenset({line_fingerprint(fp, "return round(x, 2)")})
    log.append(
        AiExchange(
            epoch=NOW - 60,
            flow="flow-1",
            agent="claude-code",
            model="claude-sonnet-5-5",
            repository="ledger",
            root=str(root),
            tier="restricted",
            files=((str(root / "src/settle.py"), produced),),
        )
    )
    trail = tmp_path / "audit-trail"
    trail.mkdir()
    day = datetime.datetime.fromtimestamp(NOW, datetime.UTC).date()
    records = [{"type": "start", "seq": 1}, {"type": "request", "seq": 2, "flow": "flow-1"}]
    (trail / trail_name(1, day)).write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return root, Issuer(log, trail, KEY, clock=lambda: NOW, host="dev-laptop")


def policy(root: Path) -> Policy:
    text = (
        "version: 1\ndefault_tier: internal\n"
        f"repositories: [{{name: ledger, tier: restricted, paths: ['{root}']}}]\n"
    )
    return parse_policy(text.encode(), "p.yaml")


def test_the_claim_counts_and_cites_and_is_signed_citing_the_chain(setup: tuple[Path, Issuer]) -> None:
    root, issuer = setup
    parent = git(root, "rev-parse", "HEAD")
    write(root, {"src/settle.py": "def settle(x):\n    return round(x, 2)\n# reviewed by hand\n"})
    tree = staged_tree(root)
    request = CommitRequest(str(root), tree, parent, NOW - 3600)
    prepared = issuer.prepare(request, policy(root), INSTALLATION_KEY, PROXY)
    assert (prepared.repository, prepared.tier) == ("ledger", Tier.RESTRICTED)
    assert (prepared.provenance.added, prepared.provenance.ai) == (2, 1)
    assert prepared.provenance.files[0].exchanges == (2,)
    assert prepared.exchanges.count == 1
    sealed = Sealed()
    record = issuer.sealer(prepared, lambda: ChainHead(7, "ab" * 32), sealed)()
    assert record["type"] == "attestation"
    assert record["cites_seq"] == 7
    (value,) = [v for k, v in ((t.key, t.value) for t in sealed.trailers) if k == "Pretense-Attestation"]
    envelope = decode(value)
    assert verified_by(envelope, TRUSTED)
    claim = claim_of(parse_statement(envelope.payload))
    assert (claim.chain_seq, claim.chain_hash, claim.tree) == (7, "ab" * 32, tree)
    assert claim.attested_at == "2026-03-10T12:00:00.000Z"
    assert [(t.key, t.value) for t in sealed.trailers][1] == ("Assisted-by", "claude-code:claude-sonnet-5-5")


def test_a_tree_the_repository_does_not_hold_is_refused(setup: tuple[Path, Issuer]) -> None:
    root, issuer = setup
    with pytest.raises(Refused, match="is not a tree of the repository") as refused:
        issuer.prepare(CommitRequest(str(root), "0" * 40, None, None), policy(root), INSTALLATION_KEY, PROXY)
    assert refused.value.status == 409


def test_a_proxy_not_inspecting_attests_nothing(setup: tuple[Path, Issuer]) -> None:
    root, issuer = setup
    with pytest.raises(Refused, match="not inspecting"):
        issuer.prepare(
            CommitRequest(str(root), staged_tree(root), None, None),
            policy(root),
            INSTALLATION_KEY,
            ProxyState(True, False, True),
        )


def test_the_commit_record_names_the_commit_and_the_tree_attested(setup: tuple[Path, Issuer]) -> None:
    root, issuer = setup
    write(root, {"src/settle.py": "def settle(x):\n    return round(x, 2)\n"})
    tree = staged_tree(root)
    prepared = issuer.prepare(
        CommitRequest(str(root), tree, None, None), policy(root), INSTALLATION_KEY, PROXY
    )
    sealed = Sealed()
    issuer.sealer(prepared, lambda: ChainHead(3, "cd" * 32), sealed)()
    message = "Round\n\n" + "".join(f"{t.key}: {t.value}\n" for t in sealed.trailers)
    made = commit(root, message)
    record = issuer.committed(CommittedRequest(str(root), made))
    assert (record["type"], record["commit"], record["tree"], record["attested_tree"]) == (
        "commit",
        made,
        tree,
        tree,
    )
    assert record["envelope_sha256"] is not None
    assert values(git(root, "log", "-1", "--format=%B"), "Pretense-Attestation")
    plain = commit(root, "No attestation", "--allow-empty")
    assert issuer.committed(CommittedRequest(str(root), plain))["attested_tree"] is None
    with pytest.raises(AttestationError, match="is not a commit"):
        issuer.committed(CommittedRequest(str(root), "0" * 40))
