"""How a commit's added lines are matched to what answers produced: exactly, per file, by
normalised line, never by a file the answer did not write; and the summary of a
repository's exchanges since its parent commit."""

from __future__ import annotations

import pytest

from attestations.lines import line_fingerprint, lines_key
from attestations.predicate import FileShare
from attestations.provenance import belongs, cite, fingerprints, same_file, seqs_of, share, summary
from attestations.store import AiExchange

KEY = lines_key(b"k" * 32)


def fp(line: str) -> str:
    return line_fingerprint(KEY, line)


def answer(flow: str, files: dict[str | None, list[str]], **fields: object) -> AiExchange:
    made = AiExchange(
        epoch=float(fields.get("epoch", 100.0)),  # type: ignore[arg-type]
        flow=flow,
        agent=str(fields.get("agent", "claude-code")),
        model=str(fields.get("model", "claude-sonnet-5-5")),
        repository=fields.get("repository", "ledger"),  # type: ignore[arg-type]
        root=fields.get("root", "/src/ledger"),  # type: ignore[arg-type]
        tier="restricted",
        blocked=bool(fields.get("blocked", False)),
        detections=fields.get("detections", {}),  # type: ignore[arg-type]
        files=tuple((path, frozenset(fp(line) for line in lines)) for path, lines in files.items()),
    )
    return made


def test_ai_lines_are_counted_exactly_per_file() -> None:
    added = fingerprints(
        {
            "src/settle.py": [
                "    cleaned = [x for x in xs if x]",
                "    return round(sum(cleaned), 2)",
                "}",
                "# by hand",
            ],
            "src/other.py": ["    return round(sum(cleaned), 2)"],
        },
        KEY,
    )
    produced = answer(
        "f1",
        {"/src/ledger/src/settle.py": ["cleaned = [x for x in xs if x]", "return round(sum(cleaned), 2)"]},
    )
    provenance, flows = share(added, [produced])
    assert (provenance.added, provenance.ai) == (4, 2)  # `}` is trivial; other.py was not written by it
    assert provenance.files == (FileShare("src/settle.py", 3, 2, (), ("claude-code:claude-sonnet-5-5",)),)
    assert flows == {"src/settle.py": ["f1"]}


def test_a_fenced_block_matches_in_any_file_and_whitespace_does_not_matter() -> None:
    added = fingerprints({"lib/x.py": ["def   f( a ):", "\treturn a  +  1"]}, KEY)
    provenance, _ = share(
        added, [answer("f2", {None: ["def f( a ):", "return a + 1"]}, agent="codex", model="gpt-5")]
    )
    assert provenance.ai == 2
    assert provenance.agents == ("codex:gpt-5",)


def test_each_file_cites_the_audit_records_of_its_answers() -> None:
    added = fingerprints({"a.py": ["x = 1", "y = 2"]}, KEY)
    provenance, flows = share(added, [answer("f1", {"a.py": ["x = 1"]}), answer("f2", {"a.py": ["y = 2"]})])
    records = [
        {"type": "request", "flow": "f1", "seq": 7},
        {"type": "request", "flow": "f2", "seq": 9},
        {"type": "checkpoint", "seq": 10},
    ]
    cited = cite(provenance, flows, seqs_of(records, {"f1", "f2"}))
    assert cited.files[0].exchanges == (7, 9)


@pytest.mark.parametrize(
    ("produced", "relative", "same"),
    [
        ("/home/dev/src/ledger/src/settle.py", "src/settle.py", True),
        ("src/settle.py", "src/settle.py", True),
        ("settle.py", "src/settle.py", True),  # relative to the directory the agent works in
        ("./src/../src/settle.py", "src/settle.py", True),
        ("/home/dev/src/ledger/lib/settle.py", "src/settle.py", False),
        ("/home/dev/src/ledger/src/settle.pyc", "src/settle.py", False),
        ("", "src/settle.py", False),
    ],
)
def test_which_answer_paths_name_a_repository_file(produced: str, relative: str, same: bool) -> None:
    assert same_file(produced, relative) is same


def test_the_summary_counts_the_repositorys_exchanges_since_the_parent() -> None:
    exchanges = [
        answer("old", {}, epoch=10.0),
        answer("a", {}, epoch=200.0, detections={"aws_access_key_id": 2}),
        answer("b", {}, epoch=300.0, agent="codex", model="gpt-5", blocked=True),
        answer("elsewhere", {}, epoch=300.0, repository=None, root="/src/other"),
        answer("by-root", {}, epoch=300.0, repository=None, root="/src/ledger/sub"),
    ]
    got = summary(exchanges, "ledger", "/src/ledger", since=100.0)
    assert got.count == 3
    assert got.agents == {"claude-code": 2, "codex": 1}
    assert got.models == {"claude-sonnet-5-5": 2, "gpt-5": 1}
    assert got.blocked == 1
    assert got.detections == {"aws_access_key_id": 2}
    assert got.since == "1970-01-01T00:01:40.000Z"


def test_an_exchange_belongs_by_name_or_by_working_directory() -> None:
    assert belongs(answer("x", {}, repository=None, root="/src/ledger"), None, "/src/ledger")
    assert not belongs(answer("x", {}, repository=None, root="/src/ledger-old"), None, "/src/ledger")
    assert not belongs(answer("x", {}, repository=None, root=None), None, "/src/ledger")
