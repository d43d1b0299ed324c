"""What the proxy answers a hook with: the request read strictly, the trailer bounded by
leaving detail out (never the counts), one Assisted-by per agent, and the audit records."""

from __future__ import annotations

import dataclasses

import orjson
import pytest

from attestations.attest import (
    BadRequest,
    attestation_record,
    commit_trailers,
    envelope_digest,
    given_before,
    parse_commit_request,
    parse_committed_request,
    signed,
)
from attestations.compact import MAX_TRAILER, decode, encode
from attestations.predicate import FileShare, Provenance, claim_of
from attestations.statement import parse_statement
from attestations.trailers import Trailer, values, with_trailers
from tests.attestations.builders import KEY, claim


def test_a_hooks_request_is_read() -> None:
    request = parse_commit_request(
        b'{"root": "/src/ledger", "tree": "' + b"a" * 40 + b'", "parent": null, "since": 12.5}'
    )
    assert (request.root, request.tree, request.parent, request.since) == (
        "/src/ledger",
        "a" * 40,
        None,
        12.5,
    )


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"nope", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"root": "src", "tree": "' + b"a" * 40 + b'"}', "root: must be the repository's absolute path"),
        (b'{"root": "/r", "tree": "HEAD"}', "tree: must be a git object id"),
        (b'{"root": "/r", "tree": "' + b"a" * 40 + b'", "parent": "x"}', "parent: must be a git object id"),
        (b'{"root": "/r", "tree": "' + b"a" * 40 + b'", "since": "yesterday"}', "since: must be a time"),
        (b'{"root": "/r", "tree": "' + b"a" * 40 + b'", "since": true}', "since: must be a time"),
    ],
)
def test_a_bad_request_says_which_field(body: bytes, error: str) -> None:
    with pytest.raises(BadRequest, match=error):
        parse_commit_request(body)


def test_a_commit_notice_is_read() -> None:
    assert parse_committed_request(b'{"root": "/r", "commit": "' + b"b" * 64 + b'"}').commit == "b" * 64
    with pytest.raises(BadRequest, match="commit: must be a git object id"):
        parse_committed_request(b'{"root": "/r"}')


def test_a_large_commit_keeps_its_counts_and_its_busiest_files() -> None:
    files = tuple(
        FileShare(f"src/module_{n:04d}/implementation.py", 10, n % 7 + 1, (n,), ("codex:gpt-5",))
        for n in range(600)
    )
    made = claim(provenance=Provenance(6000, sum(f.ai for f in files), files))
    _, value = signed(made, KEY)
    assert len(value) <= MAX_TRAILER
    back = claim_of(parse_statement(decode(value).payload))
    assert (back.provenance.added, back.provenance.ai) == (made.provenance.added, made.provenance.ai)
    assert 0 < len(back.provenance.files) < 600
    assert back.provenance.omitted == 600 - len(back.provenance.files)
    assert min(f.ai for f in back.provenance.files) >= max(
        f.ai for f in files if f.path not in {g.path for g in back.provenance.files}
    )


def test_one_assisted_by_per_agent_after_the_attestation() -> None:
    files = (
        FileShare("a.py", 2, 2, (1,), ("claude-code:claude-sonnet-5-5",)),
        FileShare("b.py", 2, 1, (2,), ("claude-code:claude-sonnet-5-5", "codex:gpt 5")),
    )
    trailers = commit_trailers(claim(provenance=Provenance(4, 3, files)), "v1.x")
    assert [(t.key, t.value) for t in trailers] == [
        ("Pretense-Attestation", "v1.x"),
        ("Assisted-by", "claude-code:claude-sonnet-5-5"),
        ("Assisted-by", "codex:gpt-5"),
    ]


def test_the_attestation_record_holds_the_digest_of_what_was_signed() -> None:
    made = claim()
    envelope, _ = signed(made, KEY)
    record = attestation_record(dataclasses.replace(made), envelope, 1_767_225_600.0)
    assert record["type"] == "attestation"
    assert record["envelope_sha256"] == envelope_digest(envelope)
    assert (record["cites_seq"], record["ai_lines"], record["tree"]) == (41, 2, made.tree)
    assert b"rounding" not in orjson.dumps(record)  # no file names: the trail keeps no paths


def test_the_digest_is_the_same_signed_and_read_back_from_the_commit() -> None:
    # The attestation record is made from the envelope as signed; the commit record from the
    # one its trailer carries, whose key id is cut to 16 digits: the two must join.
    envelope, _ = signed(claim(), KEY)
    assert len(envelope.signatures[0].keyid) == 64
    assert envelope_digest(decode(encode(envelope))) == envelope_digest(envelope)


def test_an_amend_replaces_the_assisted_by_its_earlier_attestation_gave() -> None:
    earlier = claim()
    given = commit_trailers(earlier, signed(earlier, KEY)[1])
    assert [t.key for t in given[1:]] == ["Assisted-by"]
    message = with_trailers("Round totals\n", [*given, Trailer("Assisted-by", "web-chat:gpt-5.5")])
    # The amend drops the AI lines: the new attestation names no agent.
    later = dataclasses.replace(earlier, provenance=Provenance(3, 0, ()))
    fresh = commit_trailers(later, signed(later, KEY)[1])
    assert values(with_trailers(message, fresh), "Assisted-by") == [given[1].value, "web-chat:gpt-5.5"]
    amended = with_trailers(message, fresh, dropped=given_before(message))
    assert values(amended, "Assisted-by") == ["web-chat:gpt-5.5"]  # the one a person wrote stays
    assert values(amended, "Pretense-Attestation") == [fresh[0].value]
