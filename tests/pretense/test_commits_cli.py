"""`pretense verify-commits` and `pretense provenance` as CI and a developer run them, on real
repositories: exit 0, 1 with one line per offending commit, or 2 with what to fix."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from attestations.git import patch_id
from attestations.predicate import FileShare, Provenance
from audit.keys import public_pem
from tests import cli
from tests.action import run_action
from tests.attestations.builders import KEY, claim, trailer
from tests.attestations.repos import commit, git, repository, staged_tree, write

POLICY = """version: 1
default_tier: public
repositories:
  - name: ledger
    tier: restricted
    rules: [{path: 'src/ledger/**', tier: confidential, ai_reviewers: 2}]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = repository(tmp_path / "ledger")
    (tmp_path / "policy.yaml").write_text(POLICY)
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "dev-laptop.pub").write_bytes(public_pem(KEY.public_key()))
    return root


def attested(root: Path, files: dict[str, str], subject: str, ai: bool = False) -> str:
    """A commit attested for its tree; with `ai`, its first file's line came from an answer."""
    write(root, files)
    tree, parent = staged_tree(root), git(root, "rev-parse", "HEAD")
    shares = (FileShare(next(iter(files)), 1, 1, (17,), ("claude-code:claude-sonnet-5-5",)),) if ai else ()
    made = claim(
        tree=tree,
        parent=parent,
        change=patch_id(root, parent, tree),
        provenance=Provenance(len(files), len(shares), shares),
    )
    return commit(root, f"{subject}\n\nPretense-Attestation: {trailer(made)}")


def verify(root: Path, *arguments: str) -> tuple[int, str, str]:
    done = cli.pretense(
        root.parent / "home", "verify-commits", *arguments, "--keys", str(root.parent / "keys"),
        "--policy", str(root.parent / "policy.yaml"), cwd=root,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def test_attested_commits_pass(repo: Path) -> None:
    attested(repo, {"src/app.py": "x = 1\n"}, "App")
    status, out, _ = verify(repo, "HEAD~1..HEAD")
    assert status == 0, out
    assert out.strip() == "OK: 1 commit (1 attested)"


def test_one_line_per_offending_commit(repo: Path) -> None:
    write(repo, {"src/app.py": "x = 2\n"})
    bare = commit(repo, "Hand edit")
    attested(repo, {"src/app.py": "x = 3\n"}, "Attested")
    status, out, _ = verify(repo, "HEAD~2..HEAD")
    assert status == 1
    assert out.splitlines() == [
        f"FAILED {bare[:12]} Hand edit: not attested: no Pretense-Attestation trailer (committed without "
        "the Pretense hook, or with --no-verify); touches restricted paths; re-attest it with Pretense "
        "running: git commit --amend --no-edit",
        "FAILED: 2 commits (1 attested, 1 failed)",
    ]


def test_ai_paths_need_the_reviews_the_policy_asks_for(repo: Path, tmp_path: Path) -> None:
    attested(repo, {"src/ledger/rounding.py": "x = round(1, 2)\n"}, "Rounding", ai=True)
    head = git(repo, "rev-parse", "HEAD")
    page = tmp_path / "reviews.json"
    page.write_text(json.dumps([{"user": {"login": "ana"}, "state": "APPROVED", "commit_id": head}]))
    status, out, _ = verify(repo, "HEAD~1..HEAD", "--reviews", str(page))
    assert status == 1
    assert "needs 2 approving reviews of the head commit; the pull request has 1" in out
    page.write_text(
        json.dumps([{"user": {"login": u}, "state": "APPROVED", "commit_id": head} for u in ("ana", "ben")])
    )
    assert verify(repo, "HEAD~1..HEAD", "--reviews", str(page))[0] == 0


@pytest.mark.parametrize("output", ["markdown", "sarif", "json"])
def test_the_other_formats(repo: Path, output: str) -> None:
    write(repo, {"src/app.py": "x = 2\n"})
    commit(repo, "Hand edit")
    status, out, _ = verify(repo, "HEAD~1..HEAD", "--format", output)
    assert status == 1
    if output == "markdown":
        assert out.startswith("### Pretense: 0 of 1 commits verified")
    else:
        assert json.loads(out)


def test_bad_input_is_a_usage_error_saying_what_to_fix(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("version: 1\ndefault_tier: secret\n")
    status, _, err = verify(repo, "HEAD~1..HEAD")
    assert status == 2
    assert "policy.yaml:2: default_tier: unknown tier 'secret'" in err
    (tmp_path / "policy.yaml").write_text(POLICY)
    (tmp_path / "keys" / "dev-laptop.pub").write_text("not a key")
    status, _, err = verify(repo, "HEAD~1..HEAD")
    assert status == 2
    assert err.strip() == (
        f"pretense: {tmp_path / 'keys' / 'dev-laptop.pub'} is not a PEM public key (copy each machine's "
        "audit-signing.pub from its Pretense home)"
    )
    (tmp_path / "keys" / "dev-laptop.pub").write_bytes(public_pem(KEY.public_key()))
    status, _, err = verify(repo, "origin/main..HEAD")
    assert status == 2
    assert "git rev-list failed" in err


def test_provenance_per_file(repo: Path) -> None:
    attested(repo, {"src/ledger/rounding.py": "x = round(1, 2)\n"}, "Rounding", ai=True)
    write(repo, {"README.md": "hand\n"})
    commit(repo, "Docs")
    done = cli.pretense(
        repo.parent / "home", "provenance", "HEAD~2..HEAD", "--keys", str(repo.parent / "keys"), cwd=repo
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith(" Rounding")
    assert lines[1].startswith(f"  attestation: signed by key {claim().key_id[:16]}, for this tree, ")
    assert lines[2] == "  1 of 1 added lines from AI answers (claude-code:claude-sonnet-5-5)"
    assert lines[3] == "  src/ledger/rounding.py  1 of 1 lines  exchanges 17  claude-code:claude-sonnet-5-5"
    assert lines[4].endswith(" Docs")
    assert lines[5] == "  no attestation"


class GitHubApi:
    """A local stand-in for api.github.com (GitHub cannot be reached from here): the pull
    request reviews endpoint, answering pages of recorded-shape reviews, and what it was asked."""

    def __init__(self, reviews: list[dict[str, object]], status: int = 200) -> None:
        self.asked: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.asked.append((self.path, self.headers.get("authorization", "")))
                query = parse_qs(urlsplit(self.path).query)
                page, size = int(query["page"][0]), int(query["per_page"][0])
                if status != 200:
                    body = json.dumps(
                        {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
                    )
                else:
                    body = json.dumps(reviews[(page - 1) * size : page * size])
                self.send_response(status)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def a_review(login: str, commit_id: str, number: int) -> dict[str, object]:
    """One review as GitHub's REST API returns it (the fields the Action reads, and others)."""
    return {
        "id": 80 + number,
        "node_id": f"PRR_kwDOA{number}",
        "user": {"login": login, "id": number, "type": "User", "site_admin": False},
        "body": "",
        "state": "APPROVED",
        "html_url": f"https://github.com/acme/ledger/pull/12#pullrequestreview-{80 + number}",
        "pull_request_url": "https://api.github.com/repos/acme/ledger/pulls/12",
        "author_association": "MEMBER",
        "submitted_at": "2026-01-31T09:12:03Z",
        "commit_id": commit_id,
    }


def test_the_github_action_verifies_commits_and_counts_reviews(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    attested(repo, {"src/ledger/rounding.py": "x = round(1, 2)\n"}, "Rounding", ai=True)
    write(repo, {"src/app.py": "y = 1\n"})
    bare = commit(repo, "Hand edit")
    head = git(repo, "rev-parse", "HEAD")
    # 150 reviews over two pages; two reviewers approve the head commit, one an earlier push.
    reviews = [{**a_review(f"bot{n}", head, n), "state": "COMMENTED"} for n in range(148)] + [
        a_review("ana", head, 200),
        a_review("ben", base, 201),
    ]
    github = GitHubApi(reviews)
    inputs = {
        "verify-commits": f"{base}..{head}",
        "keys": str(tmp_path / "keys"),
        "policy": str(tmp_path / "policy.yaml"),
        "pull-request": "12",
        "github-token": "ghs_token",
        "diff": base,
    }
    environment = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "acme/ledger"}
    try:
        run = run_action(inputs, repo, tmp_path, environment)
    finally:
        github.close()
    assert run.status == 1, run.log
    assert [path for path, _ in github.asked] == [
        "/repos/acme/ledger/pulls/12/reviews?per_page=100&page=1",
        "/repos/acme/ledger/pulls/12/reviews?per_page=100&page=2",
    ]
    assert {auth for _, auth in github.asked} == {"Bearer ghs_token"}
    assert "### Pretense: 0 of 2 commits verified" in run.summary
    assert "needs 2 approving reviews of the head commit; the pull request has 1" in run.summary
    assert f"| `{bare[:12]}` | Hand edit | **failed**: not attested" in run.summary
    assert f"FAILED {bare[:12]} Hand edit: not attested" in run.log
    assert "commits-sarif-file=pretense-commits.sarif" in run.output
    sarif = json.loads((repo / "pretense-commits.sarif").read_text())
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == [
        "pretense/reviews-short",
        "pretense/unattested",
    ]


def test_the_action_fails_closed_when_github_does_not_answer(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    attested(repo, {"src/app.py": "x = 1\n"}, "App")
    github = GitHubApi([], status=404)
    inputs = {"verify-commits": f"{base}..HEAD", "keys": str(tmp_path / "keys"), "pull-request": "12"}
    try:
        run = run_action(
            inputs, repo, tmp_path, {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "acme/ledger"}
        )
    finally:
        github.close()
    assert run.status == 2
    assert "::error::cannot read the reviews of pull request 12:" in run.log
    assert "Not Found" in run.log


def test_the_action_without_keys_says_so(repo: Path, tmp_path: Path) -> None:
    run = run_action({"verify-commits": "HEAD~1..HEAD"}, repo, tmp_path)
    assert run.status == 2
    assert "::error::verify-commits needs keys" in run.log


def test_provenance_says_rebased_where_verify_commits_does(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "switch", "-q", "-c", "fix")
    fix = attested(repo, {"src/fees.py": "FEE = 0.01\n"}, "Fees", ai=True)
    git(repo, "switch", "-q", "-")
    attested(repo, {"README.md": "upstream\n"}, "Upstream")
    git(repo, "cherry-pick", fix)
    status, out, _ = verify(repo, f"{base}..HEAD")
    assert (status, out.splitlines()[-1]) == (0, "OK: 2 commits (1 attested, 1 attested (rebased))"), out
    done = cli.pretense(
        repo.parent / "home", "provenance", "HEAD", "--keys", str(repo.parent / "keys"), cwd=repo
    )
    assert done.returncode == 0, done.stderr
    assert ", for this change on another parent (rebased), " in done.stdout.splitlines()[1], done.stdout
