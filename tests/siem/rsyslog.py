"""A real rsyslog (the Debian package) on loopback ports: UDP, TCP (octet counting) and
TLS (gtls), writing each message it receives, raw, as one line of a file."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.siem.pki import ReceiverPKI, make_receiver_pki

CONFIG = """
global(
  workDirectory="{dir}"
  maxMessageSize="64k"
  DefaultNetstreamDriverCAFile="{pki.ca_cert}"
  DefaultNetstreamDriverCertFile="{pki.server_cert}"
  DefaultNetstreamDriverKeyFile="{pki.server_key}"
)
module(load="imudp")
module(load="imptcp")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="received") {{
  action(type="omfile" file="{dir}/received.log" template="raw")
}}
input(type="imudp" address="127.0.0.1" port="{udp}" ruleset="received")
input(type="imptcp" address="127.0.0.1" port="{tcp}" ruleset="received")
input(type="imtcp" address="127.0.0.1" port="{tls}" ruleset="received")
"""


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Rsyslog:
    def __init__(self, directory: Path) -> None:
        binary = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"
        if not Path(binary).exists():
            raise RuntimeError(
                "rsyslogd is not installed: run `make siem-deps` (apt-get install rsyslog rsyslog-gnutls)"
            )
        self.binary = binary
        self.directory = directory
        self.pki: ReceiverPKI = make_receiver_pki(directory)
        self.udp, self.tcp, self.tls = free_port(socket.SOCK_DGRAM), free_port(), free_port()
        self.config = directory / "rsyslog.conf"
        self.config.write_text(
            CONFIG.format(dir=directory, pki=self.pki, udp=self.udp, tcp=self.tcp, tls=self.tls)
        )
        self.received = directory / "received.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Rsyslog:
        log = (self.directory / "rsyslogd.out").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "-n", "-f", str(self.config), "-i", str(self.directory / "rsyslogd.pid")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rsyslogd exited: {(self.directory / 'rsyslogd.out').read_text()}")
            if all(_accepts(port) for port in (self.tcp, self.tls)):
                time.sleep(0.2)  # the UDP input starts with the others; give it a moment
                return self
            time.sleep(0.05)
        raise RuntimeError("rsyslogd did not listen")

    def freeze(self) -> None:
        """SIGSTOP: it keeps its connections and its port, and reads nothing."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None

    def lines(self) -> list[str]:
        if not self.received.exists():
            return []
        return self.received.read_text().splitlines()

    def wait_for(self, count: int, timeout: float = 15) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.lines()
            if len(lines) >= count:
                return lines
            time.sleep(0.05)
        raise AssertionError(f"rsyslog received {len(self.lines())} of {count} messages: {self.lines()[-3:]}")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False
