from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from installation.errors import PretenseError
from policy import inventory as index
from policy.attribution import attribute
from policy.file import parse_policy
from policy.model import Source

POLICY = parse_policy(
    b"version: 1\ndefault_tier: internal\nrepositories:\n  - {name: ledger, tier: restricted}\n"
    b"  - {name: trading, tier: confidential, paths: ['/srv/trading']}\n",
    "p.yaml",
)


def repository(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    (root / "src").mkdir(parents=True)
    (root / "src" / "accounts.py").write_text(
        "class AccountHolder:\n    def rebalance_portfolio(self, tranche_amounts):\n        return 1\n"
        "def settle_tranche(x):\n    pass\n"
    )
    (root / "node_modules" / "lib").mkdir(parents=True)
    (root / "node_modules" / "lib" / "vendored.js").write_text("function VendoredThing() {}\n")
    (root / "ignored.py").write_text("class IgnoredByGit: pass\n")
    (root / ".gitignore").write_text("ignored.py\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_an_inventory_holds_the_repository_s_distinctive_names_only(tmp_path: Path) -> None:
    names = index.build(repository(tmp_path)).names
    assert {"AccountHolder", "rebalance_portfolio", "tranche_amounts", "settle_tranche"} <= names
    assert "VendoredThing" not in names  # vendored
    assert "IgnoredByGit" not in names  # what git ignores
    assert "self" not in names


def test_a_rebuild_reads_only_what_changed_and_knows_the_modules(tmp_path: Path) -> None:
    root = repository(tmp_path)
    (root / "src" / "tranche_ledger.py").write_text("LIMIT = 1\n")
    first = index.build(root)
    assert "tranche_ledger" in first.names  # the module's name, as a listing of files shows it
    (root / "src" / "accounts.py").write_text("class SettlementBatch:\n    pass\n")
    unchanged = first.files["src/tranche_ledger.py"]
    second = index.build(root, first)
    assert second.files["src/tranche_ledger.py"] is unchanged  # taken as it was, not parsed again
    assert "SettlementBatch" in second.names
    assert "AccountHolder" not in second.names


def test_a_build_stops_at_its_bounds_and_says_so(tmp_path: Path) -> None:
    partial = index.build(repository(tmp_path), bounds=index.Bounds(files=0))
    assert not partial.complete
    assert partial.names == frozenset()


def test_it_is_saved_for_its_owner_alone_and_loaded_back(tmp_path: Path) -> None:
    saved = index.save(tmp_path, index.Inventory("ledger", "/w/ledger", frozenset({"AccountHolder"})))
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert index.load(tmp_path) == (index.Inventory("ledger", "/w/ledger", frozenset({"AccountHolder"})),)
    # A damaged inventory is an error (the proxy keeps the last good ones), never fewer names.
    (saved.parent / "broken.json").write_text("{")
    with pytest.raises(PretenseError, match=r"broken\.json cannot be used"):
        index.load(tmp_path)


def test_a_request_using_enough_of_one_inventory_is_attributed_to_it() -> None:
    ledger = index.Inventory(
        "ledger", "/w/ledger", frozenset({"AccountHolder", "rebalance_portfolio", "settle_tranche"})
    )
    trading = index.Inventory("trading", "/srv/trading", frozenset({"OrderRouter", "settle_tranche"}))
    body = b'{"messages": [{"content": "why does AccountHolder.rebalance_portfolio call settle_tranche?"}]}'
    found = attribute(POLICY, body=body, inventories=[ledger, trading], remotes=lambda _: ())
    assert (found.repository.name, found.source) == ("ledger", Source.INDEX)  # type: ignore[union-attr]
    assert found.evidence == "3 names of the inventory of /w/ledger"
    vague = b'{"messages": [{"content": "what is settle_tranche?"}]}'
    assert (
        attribute(POLICY, body=vague, inventories=[ledger, trading], remotes=lambda _: ()).source
        is Source.DEFAULT
    )
    by_root = index.Inventory(
        "elsewhere", "/srv/trading", frozenset({"OrderRouter", "OrderBook", "MatchEngine"})
    )
    routed = attribute(
        POLICY, body=b"OrderRouter OrderBook MatchEngine", inventories=[by_root], remotes=lambda _: ()
    )
    assert routed.repository.name == "trading"  # type: ignore[union-attr]


def test_an_inventory_never_holds_a_library_s_names_nor_reads_a_cpp_header_as_c(tmp_path: Path) -> None:
    """An inventory's names are renamed wherever they appear: one of a library's would be
    renamed in every request that uses the library."""
    root = tmp_path / "gateway"
    root.mkdir()
    (root / "server.go").write_text(
        'package server\n\nimport "net/http"\n\n'
        "func ClearingHandler(w http.ResponseWriter, r *http.Request) {\n"
        '\tw.Header().Set("x-clearing", "1")\n}\n'
    )
    (root / "client.js").write_text(
        "const express = require('express');\n"
        "class SettlementClient {\n  constructor() { this.app = express(); }\n}\n"
    )
    (root / "ledger.h").write_text(
        "#include <streambuf>\nnamespace acme {\nclass TrancheLedger : public std::streambuf {\n"
        " public:\n  int rebalance_all();\n protected:\n  int overflow(int c) override { return c; }\n};\n}\n"
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    names = index.build(root).names
    assert {"ClearingHandler", "SettlementClient", "TrancheLedger", "rebalance_all"} <= names
    # `overflow` overrides the standard library's streambuf: its name is the library's.
    assert not {"Header", "ResponseWriter", "express", "constructor", "namespace", "overflow"} & names
