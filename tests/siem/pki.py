"""A throwaway CA and server certificate for the TLS syslog receiver."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.pki import UpstreamPKI, make_pki

ReceiverPKI = UpstreamPKI


def make_receiver_pki(directory: Path) -> ReceiverPKI:
    return make_pki(directory, ("localhost",), "Syslog Receiver Test CA", "localhost")
