"""`pretense hooks install`: the git hooks that have the local Pretense attest each commit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from attestations.install import PRE_COMMIT_CONFIG, install
from installation.errors import PretenseError
from pretense.environment import proxy_url

hooks_app = typer.Typer(
    help="Git hooks that have the local Pretense attest each commit.", no_args_is_help=True
)


@hooks_app.command("install")
def install_command(
    repo: Annotated[Path, typer.Argument(help="The repository (default: the current one).")] = Path("."),
    host: Annotated[str, typer.Option(help="Address the proxy listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port the proxy listens on.", min=1, max=65535)] = 8080,
) -> None:
    """Install the commit-msg and post-commit hooks (where git looks for them, core.hooksPath
    included; a hook already there is kept and runs first). With the pre-commit framework,
    print the entries to add to its configuration instead."""
    try:
        done = install(repo, proxy_url(host, port), Path(sys.executable))
    except PretenseError as e:
        typer.echo(f"pretense: {e}", err=True)
        raise typer.Exit(2) from None
    if done.managed is not None:
        if done.configured:
            typer.echo(f"pre-commit manages this repository's hooks and {PRE_COMMIT_CONFIG} has Pretense's.")
            return
        typer.echo(
            f"Not installed: pre-commit manages this repository's hooks. Add to {PRE_COMMIT_CONFIG}:\n\n"
            f"{done.managed}\nthen run: pre-commit install --hook-type commit-msg --hook-type post-commit",
            err=True,
        )
        raise typer.Exit(1)
    for kept in done.kept:
        typer.echo(f"kept the hook that was there as {kept}: it runs first")
    for path in done.written:
        typer.echo(f"installed {path}")
    typer.echo(f"commits are attested by the Pretense at {proxy_url(host, port)} (git config pretense.proxy)")
