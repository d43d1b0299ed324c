"""`python -m bench.scan_speed`: `pretense scan` on a large real tree (Python's standard library
and this environment's site-packages, over 50 MB) against the scanner's in-request rate, and
beside `detect-secrets scan` on the standard library's top-level modules, in the same run."""

from __future__ import annotations

import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from bench import secrets
from installation.home import SHIPPED_DEFAULT_POLICY
from policy.file import load_policy
from policy.model import Policy
from policy.worktree import walk
from scan import tree as core


def main() -> None:
    policy = load_policy(Path(str(SHIPPED_DEFAULT_POLICY)))
    roots = [Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])]
    # Neither root is a repository of its own (a venv is git-ignored), so they are listed as
    # `pretense scan` lists a tree git does not know.
    started = time.perf_counter()
    listed = [(root, list(walk(root))) for root in roots]
    listing = time.perf_counter() - started
    started = time.perf_counter()
    results = [core.scan(root, files, policy) for root, files in listed]
    scanning = time.perf_counter() - started
    files = sum(r.files for r in results)
    size = sum(r.size for r in results)
    cold, _ = secrets.cold_scans(10)
    in_request = secrets.request_size() / statistics.median(cold) / 1e6
    print(f"tree: {files} text files, {size / 1e6:.1f} MB ({' and '.join(map(str, roots))})")
    print(f"listing                {listing:7.2f} s")
    total = listing + scanning
    rate = size / total / 1e6
    print(f"pretense scan          {total:7.2f} s  {files / total:8.0f} files/s  {rate:7.2f} MB/s")
    print(f"scanner in a request                              {in_request:7.2f} MB/s")
    print(f"pretense scan runs at {rate / in_request:.2f} of the in-request rate")
    print(f"  ({sum(len(r.hits) for r in results)} findings)\n")
    _beside_detect_secrets(roots[0], policy)


def _beside_detect_secrets(stdlib: Path, policy: Policy) -> None:
    files = sorted(stdlib.glob("*.py"))
    size = sum(f.stat().st_size for f in files)
    started = time.perf_counter()
    result = core.scan(stdlib, files, policy)
    ours = time.perf_counter() - started
    detect_secrets = Path(sys.executable).with_name("detect-secrets")
    started = time.perf_counter()
    subprocess.run(
        [str(detect_secrets), "scan", *[f.name for f in files]], cwd=stdlib, capture_output=True, check=True
    )
    theirs = time.perf_counter() - started
    print(f"tree: {len(files)} files, {size / 1e6:.1f} MB ({stdlib}/*.py)")
    for name, seconds in (("pretense scan", ours), ("detect-secrets scan", theirs)):
        rate = f"{len(files) / seconds:8.0f} files/s  {size / seconds / 1e6:7.2f} MB/s"
        print(f"{name:22} {seconds:7.2f} s  {rate}")
    print(f"pretense scan is {theirs / ours:.0f}x faster; it reported {len(result.hits)} findings")


if __name__ == "__main__":
    main()
