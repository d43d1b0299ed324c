"""What is not an AI endpoint passes through the suite byte for byte."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import Proxy
from tests.e2e.fake_provider import FakeProvider, Reply
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e

ODD_BODY = b'{"z":1,  "a":"\\u00e9\xc3\xa9",\n"token":"gho_x"}  '


def curl(proxy: Proxy, *arguments: str, body: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """curl with exactly the environment `pretense run` gives a tool."""
    return subprocess.run(
        ["curl", "--silent", "--show-error", *arguments],
        input=body,
        env=proxy.environment(),
        capture_output=True,
        timeout=30,
        check=False,
    )


def both_cas(proxy: Proxy, pki: UpstreamPKI, directory: Path) -> Path:
    bundle = directory / "both.pem"
    bundle.write_bytes(proxy.home.ca_cert.read_bytes() + pki.ca_cert.read_bytes())
    return bundle


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://unrelated.example/upload?x=1", "/upload?x=1"),
        ("https://api.github.com/copilot_internal/v2/token", "/copilot_internal/v2/token"),
    ],
)
def test_other_hosts_are_tunnelled_untouched(
    proxy: Proxy, fake: FakeProvider, pki: UpstreamPKI, tmp_path: Path, url: str, path: str
) -> None:
    answer = b'{"token":"tid=1;proxy-ep=proxy.business.githubcopilot.com", "odd" :  true}'
    fake.replies[path.partition("?")[0]] = Reply(200, answer)
    ca = str(both_cas(proxy, pki, tmp_path))
    result = curl(proxy, url, "--cacert", ca, "--data-binary", "@-", body=ODD_BODY)
    assert result.returncode == 0, result.stderr
    received = fake.only()
    assert received.path == path
    assert received.body == ODD_BODY
    assert result.stdout == answer


def test_other_hosts_keep_their_own_certificate(proxy: Proxy, fake: FakeProvider) -> None:
    """Tunnelled, not intercepted: a client trusting only Pretense's CA cannot connect."""
    result = curl(proxy, "https://unrelated.example/", "--cacert", str(proxy.home.ca_cert))
    assert result.returncode == 60  # peer certificate cannot be authenticated with known CA
