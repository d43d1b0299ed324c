"""Fixtures of the client tests: the fake provider of the end-to-end tests, and one run of each
CLI per module, shared by the tests that check what it left."""

from __future__ import annotations

import pytest

from tests.clients import ledger
from tests.clients.client_run import ClientRun, run_client
from tests.clients.clients import CLIENTS, Client
from tests.e2e.conftest import pki, provider  # noqa: F401  (fixtures the runs ask for by name)


@pytest.fixture(scope="session", autouse=True)
def installed() -> None:
    missing = [client.path for client in CLIENTS if not client.path.exists()]
    if missing:
        pytest.fail(f"not installed: {', '.join(map(str, missing))}; `make test-clients` installs them")


def _run(request: pytest.FixtureRequest, prompt: str) -> ClientRun:
    client: Client = request.param
    workspace = request.getfixturevalue("tmp_path_factory").mktemp(client.name)
    return run_client(
        client, workspace, request.getfixturevalue("pki"), request.getfixturevalue("provider"), prompt
    )


@pytest.fixture(scope="module")
def run(request: pytest.FixtureRequest) -> ClientRun:
    """The CLI given as parameter, asked for the change in words that name no code."""
    return _run(request, ledger.PROMPT)


@pytest.fixture(scope="module")
def named_run(request: pytest.FixtureRequest) -> ClientRun:
    """The CLI given as parameter, asked for the change naming the class and method."""
    return _run(request, ledger.NAMING_PROMPT)
