"""One way for tests to run the installed `pretense` command, as a user would, in a home of
the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PRETENSE = str(Path(sys.executable).with_name("pretense"))


def pretense(
    home: Path,
    *arguments: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"PRETENSE_HOME": str(home)} | (env or {})
    return subprocess.run(
        [PRETENSE, *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        check=False,
    )
