"""The composite GitHub Action (action.yml) run step by step with bash, as a GitHub runner
runs it: inputs substituted, `if: inputs.X != ''` honoured, GITHUB_* files given."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_CONDITION = re.compile(r"inputs\.([\w-]+) (==|!=) ''")


@dataclass(frozen=True)
class Run:
    status: int
    summary: str
    output: str
    log: str


def run_action(inputs: dict[str, str], cwd: Path, work: Path, env: dict[str, str] | None = None) -> Run:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    given = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    given = {k: "" if v.startswith("${{") else v for k, v in given.items()} | inputs
    summary, output = work / "summary.md", work / "output"
    summary.touch()
    output.touch()
    environment = (
        os.environ
        | {
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "PRETENSE_HOME": str(work / "home"),
        }
        | (env or {})
    )
    status, log = 0, []
    for step in action["runs"]["steps"]:
        if not _runs(step.get("if"), given):
            continue
        step_env = {
            k: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: given[m.group(1)], v)
            for k, v in step.get("env", {}).items()
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd, env=environment | step_env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        log.append(done.stdout + done.stderr)
        status = done.returncode
        if status:
            break
    return Run(status, summary.read_text(), output.read_text(), "".join(log))


def _runs(condition: str | None, inputs: dict[str, str]) -> bool:
    if condition is None:
        return True
    match = _CONDITION.fullmatch(condition.strip())
    assert match is not None, f"the test runner does not read the condition {condition!r}"
    empty = inputs[match.group(1)] == ""
    return empty if match.group(2) == "==" else not empty
