from __future__ import annotations

from pathlib import Path

import pytest

from detectors.catalog import CATALOG
from installation.home import SHIPPED_DEFAULT_POLICY
from policy.file import load_policy
from scan import tree
from scan.tree import SEVERITIES, severity

POLICY = load_policy(Path(str(SHIPPED_DEFAULT_POLICY)))
GITHUB = "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"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("private_key", "critical"),
        ("age_secret_key", "critical"),
        ("aws_secret_access_key", "critical"),
        ("alibaba_access_key_secret", "critical"),
        ("tencent_secret_key", "critical"),
        ("ibm_cloud_api_key", "critical"),
        ("azure_storage_key", "critical"),
        ("vault_token", "critical"),
        ("aws_access_key_id", "high"),
        ("azure_sas_token", "high"),
        ("github_token", "high"),
        ("kubeconfig_token", "high"),
        ("iban", "high"),
        ("us_ssn", "high"),
        ("uk_bank_account", "high"),
        ("password", "medium"),
        ("secret", "medium"),
        ("swift_bic", "medium"),
        ("isin", "medium"),
    ],
)
def test_severity_says_what_an_attacker_gets(kind: str, expected: str) -> None:
    assert severity(kind) == expected


def test_every_kind_has_a_severity() -> None:
    assert {severity(cls.kind) for cls in CATALOG} <= set(SEVERITIES)


def test_files_are_named_from_the_root_binaries_and_large_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(f'TOKEN = "{GITHUB}"\n')
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0" + GITHUB.encode())
    (tmp_path / "dump.sql").write_bytes(b"-- " + b"x" * (tree.MAX_FILE + 1))
    paths = [tmp_path / "src" / "app.py", tmp_path / "logo.png", tmp_path / "dump.sql"]
    result = tree.scan(tmp_path, paths, POLICY)
    found = [(h.file, h.line, h.column, h.kind) for h in result.hits]
    assert found == [("src/app.py", 1, 10, "github_token")]
    assert result.files == 1
    assert result.skipped == ["dump.sql (over 5 MB)"]


def test_a_file_outside_the_root_keeps_its_own_name(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "x.env").write_text(f"GH_TOKEN={GITHUB}\n")
    result = tree.scan(root, [elsewhere / "x.env"], POLICY)
    assert [h.file for h in result.hits] == [(elsewhere / "x.env").as_posix()]
