"""The installed hook in real commits when no Pretense answers: the commit goes ahead and
its message says why it is not attested (what verify-commits then reports)."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from attestations.install import install
from attestations.trailers import UNATTESTED, values
from tests.attestations.repos import git, repository

PYTHON = Path(sys.executable)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def other_proxy() -> Iterator[int]:
    """A proxy that is not Pretense: it cannot resolve the endpoint's host."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            body = b"<html>502 Bad Gateway: attest.pretense.invalid does not resolve</html>"
            self.send_response(502)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def committed(root: Path, proxy: str) -> str:
    install(root, proxy, PYTHON)
    (root / "app.py").write_text("print(1)\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "App")
    return git(root, "log", "-1", "--format=%B")


def test_with_no_proxy_running_the_commit_says_so(tmp_path: Path) -> None:
    port = free_port()
    message = committed(repository(tmp_path / "r"), f"http://127.0.0.1:{port}")
    (why,) = values(message, UNATTESTED)
    assert why.startswith(f"Pretense is not running at http://127.0.0.1:{port} (")
    assert "refused" in why.lower()


def test_another_proxy_is_not_taken_for_pretense(tmp_path: Path, other_proxy: int) -> None:
    message = committed(repository(tmp_path / "r"), f"http://127.0.0.1:{other_proxy}")
    assert values(message, UNATTESTED) == [
        f"http://127.0.0.1:{other_proxy} answered 502, not as Pretense does (is it another proxy?)"
    ]


def test_a_misconfigured_proxy_address_is_said(tmp_path: Path) -> None:
    message = committed(repository(tmp_path / "r"), "https://proxy.example.com")
    assert values(message, UNATTESTED) == [
        "pretense.proxy 'https://proxy.example.com' is not an http://host:port proxy address"
    ]
