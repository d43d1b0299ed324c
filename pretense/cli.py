"""The `pretense` command: set up the local state, run the proxy, run a tool through it."""

from __future__ import annotations

import datetime
import difflib
import errno
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

import addons
from detectors import known_names
from gateway.device import DEFAULT_CLIENT_ID, DEFAULT_SCOPE, DeviceSignIn, TokenFile, current_token, discover
from gateway.errors import SignInFailed
from installation.errors import PretenseError
from installation.home import Home, ensure_home, load_key, locate_home
from mutators.base import FieldKind, RequestRefused, TextField
from policy.file import load_policy
from policy.transforms import tier_transforms
from pretense.approvals_cli import approvals_app
from pretense.audit_cli import audit_app, report
from pretense.commits_cli import provenance_command, verify_commits_command
from pretense.environment import export_lines, is_loopback, proxy_environment, proxy_url
from pretense.hooks_cli import hooks_app
from pretense.policy_cli import index_command, policy_app
from pretense.scan_cli import scan_command
from pretense.views_cli import dashboard_command, evidence_app, incident_command, inventory_command
from siem.forwarder import parse_siem_options

ENTRY_SCRIPT = Path(addons.__file__).with_name("pretense.py")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080

app = typer.Typer(
    help="Pretense: a proxy between AI coding tools and the model providers that keeps "
    "proprietary code, secrets and client data on this side.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(audit_app, name="audit")
app.command()(report)

Host = Annotated[str, typer.Option(help="Address the proxy listens on.")]
Port = Annotated[int, typer.Option(help="Port the proxy listens on.", min=1, max=65535)]


class SiemFormat(StrEnum):
    CEF = "cef"
    LEEF = "leef"
    OCSF = "ocsf"


def fail(message: str) -> NoReturn:
    typer.echo(f"pretense: {message}", err=True)
    raise typer.Exit(1)


def say(line: str) -> None:
    typer.echo(line, err=True)


def _prepare(home: Home) -> None:
    for made in ensure_home(home):
        say(f"created {made}")


@app.command()
def init(
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Accepted for air-gapped installs; init never goes online."),
    ] = False,
) -> None:
    """Create the CA, the pseudonym key and a default policy (what exists is kept)."""
    home = locate_home()
    _prepare(home)
    if offline:
        say("offline: Pretense makes no outbound connection of its own, so nothing changes.")
    say(f"Pretense home: {home.root}")
    say(f"CA certificate to trust: {home.ca_cert}")
    say(f"Policy in force: {home.policy_file}")


@app.command()
def start(
    host: Host = DEFAULT_HOST,
    port: Port = DEFAULT_PORT,
    policy: Annotated[
        Path | None,
        typer.Option(help="Policy file (YAML). Default: policy.yaml in the Pretense home."),
    ] = None,
    no_telemetry: Annotated[
        bool, typer.Option("--no-telemetry", help="Accepted; Pretense never sends telemetry.")
    ] = False,
    local_only: Annotated[
        bool,
        typer.Option("--local-only", help="Refuse to listen on anything but a loopback address."),
    ] = False,
    proxyauth: Annotated[
        str | None,
        typer.Option(
            help="Require proxy authentication: '@/path/to/htpasswd' or mitmproxy's 'ldap:...' spec."
        ),
    ] = None,
    siem_format: Annotated[SiemFormat | None, typer.Option(help="SIEM event format.")] = None,
    siem_endpoint: Annotated[
        str | None,
        typer.Option(help="SIEM receiver: syslog://host:514, syslog+tcp://, syslog+tls://."),
    ] = None,
    siem_ca: Annotated[
        Path | None, typer.Option(help="CA file that signed the syslog+tls:// receiver's certificate.")
    ] = None,
    copilot_token_hosts: Annotated[
        bool,
        typer.Option(
            help="Read GitHub's Copilot token exchange (api.github.com) for the hosts it names; "
            "off: api.github.com is tunnelled untouched."
        ),
    ] = True,
) -> None:
    """Run the proxy in this process until interrupted (Ctrl-C)."""
    home = locate_home()
    _prepare(home)
    policy_file = policy or home.policy_file
    loaded = load_policy(policy_file, known_names())
    try:
        parse_siem_options(siem_format or "", siem_endpoint or "", str(siem_ca or ""), "rfc5424")
    except ValueError as e:
        fail(str(e))
    loopback = is_loopback(host)
    if local_only and not loopback:
        fail(f"--local-only refuses to listen on {host}; use a loopback address such as 127.0.0.1.")
    if not loopback and not proxyauth:
        say(
            f"WARNING: listening on {host} without proxy authentication: anyone who can reach "
            "this port can use the proxy. Add --proxyauth @/path/to/htpasswd."
        )
    if no_telemetry:
        say("no-telemetry: Pretense never sends telemetry, so nothing changes.")
    _check_port_free(host, port)
    _print_next_steps(home, host, port, loaded.source, loaded.default_tier.value)
    options = [
        f"confdir={home.certs}",
        f"pretense_policy={policy_file}",
        "flow_detail=0",
        *([f"proxyauth={proxyauth}"] if proxyauth else []),
        *(
            [f"pretense_siem_format={siem_format}", f"pretense_siem_endpoint={siem_endpoint}"]
            if siem_format
            else []
        ),
        *([f"pretense_siem_ca={siem_ca}"] if siem_ca else []),
        *([] if copilot_token_hosts else ["pretense_copilot_token_hosts=false"]),
    ]
    from mitmproxy.tools.main import mitmdump

    arguments = ["--listen-host", host, "--listen-port", str(port), "-s", str(ENTRY_SCRIPT)]
    for option in options:
        arguments += ["--set", option]
    mitmdump(arguments)


@app.command(
    context_settings={"allow_interspersed_args": False},
)
def run(
    command: Annotated[list[str], typer.Argument(help="The command to run, after `--`.")],
    host: Host = DEFAULT_HOST,
    port: Port = DEFAULT_PORT,
    repo: Annotated[
        Path | None,
        typer.Option(
            help="Attribute this command's traffic to the repository at PATH (the policy decides its tier)."
        ),
    ] = None,
) -> None:
    """Run one command with its traffic sent through Pretense and Pretense's CA trusted.

    Example: pretense run --repo ~/src/ledger -- claude
    """
    home = locate_home()
    _prepare(home)
    if not _listening(host, port):
        say(f"WARNING: nothing is listening at {proxy_url(host, port)}; start it with `pretense start`.")
    repository = str(repo.expanduser().resolve()) if repo is not None else None
    environment = os.environ | proxy_environment(home, host, port, repository, _sign_in(home))
    try:
        completed = subprocess.run(command, env=environment, check=False)
    except FileNotFoundError:
        fail(f"command not found: {command[0]}")
    except PermissionError:
        fail(f"not allowed to run {command[0]}")
    raise typer.Exit(completed.returncode if completed.returncode >= 0 else 128 - completed.returncode)


@app.command()
def env(host: Host = DEFAULT_HOST, port: Port = DEFAULT_PORT) -> None:
    """Print the proxy and CA settings as shell exports: eval "$(pretense env)"."""
    home = locate_home()
    _prepare(home)
    typer.echo(export_lines(proxy_environment(home, host, port, None, _sign_in(home))), nl=False)


@app.command()
def login(
    issuer: Annotated[str, typer.Option(help="The firm's identity provider (its OIDC issuer URL).")],
    client_id: Annotated[
        str, typer.Option(help="The client id of the Pretense application at the identity provider.")
    ] = DEFAULT_CLIENT_ID,
    scope: Annotated[str, typer.Option(help="The scopes asked for.")] = DEFAULT_SCOPE,
) -> None:
    """Sign in with the firm's identity provider (device code: open the address shown, enter
    the code); `pretense run` and `pretense env` then present the sign-in to the gateway."""
    home = locate_home()
    home.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    signing_in = DeviceSignIn(discover(issuer), client_id, scope)
    code = signing_in.start()
    if code.verification_uri_complete:
        say(f"To sign in, open {code.verification_uri_complete}")
        say(f"  (or open {code.verification_uri} and enter the code {code.user_code})")
    else:
        say(f"To sign in, open {code.verification_uri} and enter the code {code.user_code}")
    tokens = signing_in.wait(code)
    kept = TokenFile(home.root)
    kept.save(tokens)
    expires = datetime.datetime.fromtimestamp(tokens.expires).strftime("%Y-%m-%d %H:%M")
    say(f"signed in as {tokens.user} (until {expires}, refreshed as needed); kept in {kept.path}")


def _sign_in(home: Home) -> str | None:
    """The sign-in token to present, if `pretense login` was run (refreshed when due)."""
    try:
        return current_token(TokenFile(home.root))
    except SignInFailed as e:
        say(f"WARNING: {e}")
        return None


@app.command()
def mutate(
    files: Annotated[list[Path], typer.Argument(help="Files to show as they would leave the machine.")],
    diff: Annotated[bool, typer.Option("--diff", help="Show a unified diff instead of the text.")] = False,
    policy: Annotated[
        Path | None, typer.Option(help="Policy file (default: policy.yaml in the Pretense home).")
    ] = None,
) -> None:
    """Show what the restricted tier would send for these files (read together, as one request):
    secrets and client data replaced by placeholders, proprietary identifiers renamed."""
    home = locate_home()
    _prepare(home)
    transform = tier_transforms(load_policy(policy or home.policy_file, known_names()), load_key(home))
    fields = []
    for index, file in enumerate(files):
        try:
            text = file.read_text()
        except (OSError, UnicodeDecodeError) as e:
            fail(f"cannot read {file} as text ({e})")
        fields.append(TextField((index,), text, FieldKind.TOOL_RESULT, source_path=str(file)))
    try:
        rewrite = transform.restricted.apply(fields)
    except RequestRefused as refused:
        fail(f"the proxy would block this request: {refused.reason}.")
    for kind, count in sorted(rewrite.found.items()):
        say(f"redacted {count} x {kind}")
    for field, text in zip(fields, rewrite.texts, strict=True):
        if diff:
            lines = difflib.unified_diff(
                field.text.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{field.source_path} (on disk)",
                f"{field.source_path} (sent)",
            )
            typer.echo("".join(lines), nl=False)
        else:
            typer.echo(text, nl=False)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                fail(
                    f"{host}:{port} is already in use (is Pretense already running?); choose another --port."
                )
            fail(f"cannot listen on {host}:{port} ({e.strerror}).")


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _print_next_steps(home: Home, host: str, port: int, policy: str, tier: str) -> None:
    url = proxy_url(host, port)
    say(f"Pretense proxy on {url} (policy {policy}, unattributed traffic: {tier})")
    say("Next:")
    say(f"  1. Trust the CA: {home.ca_cert}")
    say("     (`pretense run` and `pretense env` set NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and friends for you)")
    say("  2. Send a tool through it:  pretense run -- claude")
    say('     or, for this shell:       eval "$(pretense env)"')


app.add_typer(policy_app, name="policy")
app.add_typer(approvals_app, name="approvals")
app.command("index")(index_command)
app.command("scan")(scan_command)
app.command("inventory")(inventory_command)
app.command("incident")(incident_command)
app.add_typer(evidence_app, name="evidence")
app.command("dashboard")(dashboard_command)
app.add_typer(hooks_app, name="hooks")
app.command("verify-commits")(verify_commits_command)
app.command("provenance")(provenance_command)


def _guarded(entry: Callable[[], object]) -> Callable[[], None]:
    def run_cli() -> None:
        try:
            entry()
        except PretenseError as e:
            typer.echo(f"pretense: {e}", err=True)
            sys.exit(1)

    return run_cli


main = _guarded(app)
