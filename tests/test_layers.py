"""The packages' layers, as docs/layout.md draws them: every import points down or sideways
within a layer, and no two packages import each other."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS: dict[str, float] = {
    # 1: local state and detection, importing nothing of the project
    "installation": 1,
    "detectors": 1,
    # 2: the gateway's parts, the rewrite seam, then wire formats and the policy core
    "gateway": 2,
    "mutators": 2,
    "providers": 2.5,
    "policy": 2.5,
    # 3
    "inspection": 3,
    "scan": 3,
    "audit": 3,
    "guardrails": 3,
    # 4: then the relay and the views of the trail
    "siem": 4,
    "approvals": 4,
    "attestations": 4,
    "relay": 4.5,
    "oversight": 4.5,
    # 5: mitmproxy's side and the command
    "addons": 5,
    "pretense": 5,
}


def imports() -> dict[str, set[tuple[str, str]]]:
    """Each package's imports of the project's other packages, with the file importing."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in LAYERS and top != package:
                        found[package].add((top, str(path.relative_to(ROOT))))
    return found


def test_every_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench", "policies"}
    assert packages <= set(LAYERS), f"give these a layer in docs/layout.md: {packages - set(LAYERS)}"


def test_imports_point_down() -> None:
    upward = sorted(
        f"{where}: {package} imports {target}"
        for package, targets in imports().items()
        for target, where in targets
        if LAYERS[target] > LAYERS[package]
    )
    assert upward == []


def test_no_two_packages_import_each_other() -> None:
    edges = {package: {target for target, _ in targets} for package, targets in imports().items()}
    mutual = sorted(
        f"{a} <-> {b}" for a, targets in edges.items() for b in targets if a < b and a in edges.get(b, ())
    )
    assert mutual == []
