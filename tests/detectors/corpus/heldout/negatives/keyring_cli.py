import keyring
import typer


def login(user: str, password: str = typer.Option(..., prompt=True, hide_input=True)) -> None:
    token = exchange(user, password)
    keyring.set_password("ledger-cli", user, token)
    typer.echo("logged in; token stored in the OS keyring")
