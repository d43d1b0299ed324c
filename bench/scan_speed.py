"""`python -m bench.scan_speed`: `pretense scan`'s core and `detect-secrets scan` on the same
real tree (Python's standard library modules, top level), files/s and MB/s, same run."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from installation.home import SHIPPED_DEFAULT_POLICY
from policy.file import load_policy
from scan import tree as core


def main() -> None:
    tree = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(tree.glob("*.py"))
    size = sum(f.stat().st_size for f in files)
    policy = load_policy(Path(str(SHIPPED_DEFAULT_POLICY)))
    started = time.perf_counter()
    result = core.scan(tree, files, policy)
    ours = time.perf_counter() - started
    detect_secrets = Path(sys.executable).with_name("detect-secrets")
    started = time.perf_counter()
    subprocess.run(
        [str(detect_secrets), "scan", *[f.name for f in files]], cwd=tree, capture_output=True, check=True
    )
    theirs = time.perf_counter() - started
    print(f"tree: {len(files)} files, {size / 1e6:.1f} MB ({tree}/*.py)")
    for name, seconds in (("pretense scan", ours), ("detect-secrets scan", theirs)):
        rate = f"{len(files) / seconds:8.0f} files/s  {size / seconds / 1e6:7.2f} MB/s"
        print(f"{name:22} {seconds:7.2f} s  {rate}")
    print(f"pretense scan is {theirs / ours:.0f}x faster; it reported {len(result.hits)} findings")


if __name__ == "__main__":
    main()
