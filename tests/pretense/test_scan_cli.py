"""`pretense scan` on real git repositories, as CI, the GitHub Action and pre-commit run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import cli
from tests.action import run_action

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AWS = "AKIAQ3EGUZ7T2XN5MBRW"
GITHUB = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBv2Zq8RkV2mX9tLcW4nB7yP\n-----END EC PRIVATE KEY-----"


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(repo), *arguments], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    (root / "app.py").write_text(f'import os\nAWS_ACCESS_KEY_ID = "{AWS}"\ntoken = os.environ["GH_TOKEN"]\n')
    (root / "deploy.sh").write_text(f"cat > key.pem <<EOF\n{PEM}\nEOF\n")
    (root / "allowed.py").write_text(f'FIXTURE = "{GITHUB}"  # pretense: allow\n')
    (root / "ignored.env").write_text(f"GITHUB_TOKEN={GITHUB}\n")
    (root / ".gitignore").write_text("ignored.env\n")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "lib.js").write_text(f'const k = "{GITHUB}";\n')
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0" + GITHUB.encode())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def pretense(
    repo: Path, *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return cli.pretense(repo.parent / "home", "scan", *arguments, cwd=repo, env=env)


def test_findings_with_file_line_kind_and_severity_never_the_value(repo: Path) -> None:
    result = pretense(repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "app.py:2:22: high aws_access_key_id (restricted tier)",
        "deploy.sh:2:1: critical private_key (restricted tier)",
        "2 findings in 4 files, 1 allowed or in the baseline",  # not the png, node_modules, ignored.env
    ]
    for output_format in ("text", "json", "sarif", "markdown"):
        out = pretense(repo, "--format", output_format).stdout
        assert AWS not in out
        assert GITHUB not in out
        assert "MHcCAQEE" not in out


def test_exit_status_follows_fail_on(repo: Path) -> None:
    assert pretense(repo, "--fail-on", "critical").returncode == 1
    (repo / "deploy.sh").unlink()
    assert pretense(repo, "--fail-on", "critical").returncode == 0
    assert pretense(repo, "--fail-on", "high").returncode == 1
    assert pretense(repo, "--fail-on", "everything").returncode == 2


def test_sarif_is_what_github_code_scanning_reads(repo: Path) -> None:
    sarif = json.loads(pretense(repo, "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["private_key"]["properties"]["security-severity"] == "9.5"
    first = run["results"][0]
    assert first["ruleId"] == "aws_access_key_id"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app.py"},
        "region": {"startLine": 2, "startColumn": 22},
    }
    assert re.fullmatch(r"[0-9a-f]{64}", first["partialFingerprints"]["secretSha256/v1"])


def test_a_reviewed_baseline_accepts_known_findings(repo: Path) -> None:
    written = pretense(repo, "--update-baseline", ".pretense-baseline.json")
    assert written.returncode == 0
    baseline = json.loads((repo / ".pretense-baseline.json").read_text())
    assert [(f["file"], f["kind"], f["reason"]) for f in baseline["findings"]] == [
        ("app.py", "aws_access_key_id", ""),
        ("deploy.sh", "private_key", ""),
    ]
    assert AWS not in (repo / ".pretense-baseline.json").read_text()
    accepted = pretense(repo, "--baseline", ".pretense-baseline.json")
    assert accepted.returncode == 0
    assert accepted.stdout.endswith("0 findings in 5 files, 3 allowed or in the baseline\n")
    # The same value moved to another line stays accepted; a new value does not.
    (repo / "app.py").write_text(f'\n\nAWS_ACCESS_KEY_ID = "{AWS}"\nother = "AKIAZ7T2XN5MBRWQ3EGU"\n')
    moved = pretense(repo, "--baseline", ".pretense-baseline.json")
    assert moved.stdout.splitlines()[0] == "app.py:4:10: high aws_access_key_id (restricted tier)"


def test_diff_reports_only_added_lines(repo: Path) -> None:
    (repo / "app.py").write_text((repo / "app.py").read_text() + f'GITHUB = "{GITHUB}"\n')
    result = pretense(repo, "--diff", "HEAD")
    assert result.stdout.splitlines()[0] == "app.py:4:11: high github_token (restricted tier)"
    assert "aws_access_key_id" not in result.stdout
    assert pretense(repo, "--diff", "no-such-revision").returncode == 2


def test_fail_tier_fails_only_for_the_tiers_named(repo: Path) -> None:
    policy = repo.parent / "policy.yaml"
    policy.write_text(
        f"version: 1\ndefault_tier: internal\nrepositories:\n  - name: repo\n    tier: internal\n"
        f"    paths: ['{repo.resolve()}']\n    rules: [{{path: 'deploy.sh', tier: confidential}}]\n"
    )
    (repo / "deploy.sh").unlink()  # left: a high finding in internal code
    strict = ("--policy", str(policy), "--fail-tier", "restricted", "--fail-tier", "confidential")
    assert pretense(repo, *strict).returncode == 0
    assert pretense(repo, "--policy", str(policy)).returncode == 1
    assert pretense(repo, "--policy", str(policy), "--fail-tier", "internal").returncode == 1
    assert pretense(repo, "--fail-tier", "secret").returncode == 2


def test_files_are_classified_by_the_policy(repo: Path) -> None:
    policy = repo.parent / "policy.yaml"
    policy.write_text(
        f"version: 1\ndefault_tier: internal\nrepositories:\n  - name: repo\n    tier: internal\n"
        f"    paths: ['{repo.resolve()}']\n    rules: [{{path: 'deploy.sh', tier: confidential}}]\n"
    )
    lines = pretense(repo, "--policy", str(policy)).stdout.splitlines()
    assert lines[0].endswith("(internal tier)")
    assert lines[1].endswith("(confidential tier)")


def test_the_github_action_runs_as_github_runs_it(repo: Path, tmp_path: Path) -> None:
    run = run_action({"fail-on": "high"}, repo, tmp_path)
    assert run.status == 1  # findings at high: the job fails
    assert "| `app.py` | 2 | aws access key id | **high** | restricted |" in run.summary
    sarif = json.loads((repo / "pretense.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 2
    assert run.output == "sarif-file=pretense.sarif\n"


def test_the_pre_commit_hook_runs_as_pre_commit_runs_it(repo: Path) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["id"] == "pretense-scan"
    assert hook["pass_filenames"] is True
    entry = hook["entry"].split()
    assert entry[:2] == ["pretense", "scan"]
    (repo / "clean.py").write_text("print('hello')\n")
    environment = os.environ | {"PRETENSE_HOME": str(repo.parent / "home")}
    run = [str(BIN / entry[0]), *entry[1:]]
    clean = subprocess.run(
        [*run, "clean.py", "allowed.py"], cwd=repo, env=environment, capture_output=True, check=False
    )
    assert clean.returncode == 0
    staged = subprocess.run(
        [*run, "clean.py", "app.py"], cwd=repo, env=environment, capture_output=True, text=True, check=False
    )
    assert staged.returncode == 1
    assert "app.py:2:22: high aws_access_key_id" in staged.stdout
