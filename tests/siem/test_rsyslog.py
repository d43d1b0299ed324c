"""SIEM events into a real rsyslog over UDP, TCP and TLS, as CEF, LEEF and OCSF; a receiver
that goes away for a while, or stops reading (SIGSTOP), loses nothing and gets everything in
order; UDP's outage is one log line; a full queue drops its oldest events and says so."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pycef
import pytest

from siem.endpoint import Transport
from siem.forwarder import Report, SiemForwarder, parse_siem_options
from tests.siem.rsyslog import Rsyslog

TS = "2026-01-31T09:12:03.418Z"
RFC5424 = re.compile(r"^<(\d+)>1 (\S+) (\S+) pretense (\d+) - - (.*)$")
RFC3164 = re.compile(r"^<(\d+)>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) (.*)$")


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rsyslog]:
    rsyslog = Rsyslog(tmp_path_factory.mktemp("rsyslog")).start()
    yield rsyslog
    rsyslog.stop()


def checkpoint(seq: int) -> dict[str, object]:
    return {
        "type": "checkpoint", "ts": TS, "seq": seq, "from_seq": max(1, seq - 100), "key_id": "3f9a1c7e5b2d",
        "prev": f"{seq:064x}", "hash": f"{seq:064d}",
    }  # fmt: skip


def blocked(seq: int) -> dict[str, object]:
    return {
        "type": "request",
        "ts": TS,
        "seq": seq,
        "hash": "f" * 64,
        "user": "alice",
        "client_address": "127.0.0.1",
        "provider": "anthropic",
        "host": "api.anthropic.com",
        "path": "/v1/messages",
        "decision": "blocked",
        "block_reason": "it contains private key. Remove = it | now",
        "detections": {"private_key": 1},
    }


def forwarder(
    receiver: Rsyslog,
    transport: Transport,
    fmt: str,
    tmp_path: Path,
    framing: str = "rfc5424",
    max_bytes: int = 256 << 20,
    report: Report | None = None,
) -> SiemForwarder:
    port = {Transport.UDP: receiver.udp, Transport.TCP: receiver.tcp, Transport.TLS: receiver.tls}[transport]
    scheme = {Transport.UDP: "syslog", Transport.TCP: "syslog+tcp", Transport.TLS: "syslog+tls"}[transport]
    settings = parse_siem_options(fmt, f"{scheme}://127.0.0.1:{port}", str(receiver.pki.ca_cert), framing)
    assert settings is not None
    running = SiemForwarder(settings, tmp_path / "queue", max_bytes, "gw-1", report=report)
    running.start()
    return running


def new_lines(receiver: Rsyslog, before: int, count: int) -> list[str]:
    return receiver.wait_for(before + count)[before:]


SYSLOG = [Transport.UDP, Transport.TCP, Transport.TLS]
STREAMS = [Transport.TCP, Transport.TLS]


@pytest.mark.parametrize("transport", SYSLOG)
def test_cef_reaches_rsyslog(receiver: Rsyslog, transport: Transport, tmp_path: Path) -> None:
    before = len(receiver.lines())
    sender = forwarder(receiver, transport, "cef", tmp_path)
    sender.accept(blocked(1))
    sender.accept(checkpoint(2))
    sender.close()
    lines = new_lines(receiver, before, 2)
    header = RFC5424.match(lines[0])
    assert header is not None
    assert header.group(1) == str(13 * 8 + 3)  # log audit, error
    assert header.group(3) == "gw-1"
    assert header.group(5).startswith("CEF:0|Pretense|Pretense|")
    event = pycef.parse(header.group(5))
    assert (event["DeviceEventClassID"], event["Severity"], event["suser"]) == (
        "request_blocked",
        "8",
        "alice",
    )
    assert event["reason"] == r"it contains private key. Remove \= it | now"
    assert pycef.parse(lines[1])["DeviceEventClassID"] == "audit_checkpoint"


@pytest.mark.parametrize("transport", SYSLOG)
def test_leef_reaches_rsyslog(receiver: Rsyslog, transport: Transport, tmp_path: Path) -> None:
    before = len(receiver.lines())
    sender = forwarder(receiver, transport, "leef", tmp_path, framing="rfc3164")
    sender.accept(blocked(7))
    sender.close()
    (line,) = new_lines(receiver, before, 1)
    header = RFC3164.match(line)
    assert header is not None
    assert header.group(3) == "gw-1"
    fields = header.group(4).split("|", 6)
    assert fields[:6] == ["LEEF:2.0", "Pretense", "Pretense", "0.1.0", "request_blocked", "^"]
    attributes = dict(pair.split("=", 1) for pair in fields[6].split("^"))
    assert (attributes["usrName"], attributes["sev"], attributes["auditSeq"]) == ("alice", "8", "7")


def sequence_numbers(lines: list[str]) -> list[int]:
    # pycef names a labelled custom field by its label: cn1 (auditSeq).
    return [int(pycef.parse(line)["auditSeq"]) for line in lines]


@pytest.mark.parametrize("transport", STREAMS)
def test_a_receiver_down_for_a_while_gets_every_event_in_order(
    tmp_path: Path, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "rsyslog").mkdir()
    receiver = Rsyslog(tmp_path / "rsyslog").start()
    sender = forwarder(receiver, transport, "cef", tmp_path)
    try:
        for seq in range(1, 6):
            sender.accept(checkpoint(seq))
        receiver.wait_for(5)
        receiver.stop()
        with caplog.at_level(logging.WARNING, logger="pretense"):
            started = time.perf_counter()
            for seq in range(6, 206):
                sender.accept(checkpoint(seq))
            assert time.perf_counter() - started < 0.5  # queuing never waits for the receiver
            deadline = time.monotonic() + 10
            while sender.down_since is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert sender.spool.pending_bytes > 0
            time.sleep(1)
            receiver.start()
            lines = receiver.wait_for(205, timeout=30)
        assert sequence_numbers(lines) == list(range(1, 206))
        assert any("unreachable" in r.message and "queued on disk" in r.message for r in caplog.records)
        assert any("is back" in r.message for r in caplog.records)
    finally:
        sender.close()
        receiver.stop()


@pytest.mark.parametrize("transport", SYSLOG)
def test_ocsf_reaches_rsyslog_as_json(receiver: Rsyslog, transport: Transport, tmp_path: Path) -> None:
    before = len(receiver.lines())
    sender = forwarder(receiver, transport, "ocsf", tmp_path)
    sender.accept(blocked(3))  # an API Activity, a Data Security Finding, a Detection Finding
    sender.close()
    lines = new_lines(receiver, before, 3)
    events = [json.loads(RFC5424.match(line).group(5)) for line in lines]  # type: ignore[union-attr]
    assert [e["class_uid"] for e in events] == [6003, 2006, 2004]
    assert {e["metadata"]["sequence"] for e in events} == {3}


def big_event(seq: int) -> dict[str, object]:
    """About 1.2 kB on the wire: a frozen receiver's buffers fill in a few thousand."""
    return blocked(seq) | {"block_reason": f"record {seq} " + "x" * 1000}


@pytest.mark.parametrize("transport", STREAMS)
def test_a_frozen_receiver_is_noticed_and_gets_every_event_in_order_once_it_reads_again(
    tmp_path: Path, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "rsyslog").mkdir()
    receiver = Rsyslog(tmp_path / "rsyslog").start()
    sender = forwarder(receiver, transport, "cef", tmp_path)
    try:
        sender.accept(big_event(1))
        receiver.wait_for(1)
        receiver.freeze()
        with caplog.at_level(logging.WARNING, logger="pretense"):
            seq, deadline = 1, time.monotonic() + 60
            while sender.down_since is None and time.monotonic() < deadline:
                for _ in range(200):
                    seq += 1
                    sender.accept(big_event(seq))
                time.sleep(0.05)
            assert sender.down_since is not None, f"{seq} events sent to a frozen receiver, no stall noticed"
            assert sender.spool.pending_bytes > 0  # the rest waits on disk, not in a socket
            for _ in range(100):
                seq += 1
                sender.accept(big_event(seq))
            receiver.thaw()
            lines = receiver.wait_for(seq, timeout=60)
        assert sequence_numbers(lines) == list(range(1, seq + 1))
        stalls = [r for r in caplog.records if "not reading" in r.message]
        assert len(stalls) == 1, [r.message for r in stalls]  # one line for the outage
        assert "has read nothing" in stalls[0].message
        assert any("is back" in r.message for r in caplog.records)
    finally:
        receiver.thaw()
        sender.close()
        receiver.stop()


def test_a_udp_receiver_that_goes_away_is_one_log_line_and_a_startup_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "rsyslog").mkdir()
    receiver = Rsyslog(tmp_path / "rsyslog").start()
    with caplog.at_level(logging.WARNING, logger="pretense"):
        sender = forwarder(receiver, Transport.UDP, "cef", tmp_path)
        try:
            receiver.stop()
            for seq in range(1, 400):
                sender.accept(checkpoint(seq))
                time.sleep(0.005)
        finally:
            sender.close(timeout=1)
    messages = [r.message for r in caplog.records]
    assert sum("over UDP, which is lossy" in m for m in messages) == 1
    assert sum("unreachable" in m for m in messages) == 1, messages
    assert not any("is back after" in m for m in messages)


def test_a_full_queue_drops_its_oldest_events_and_the_trail_is_told(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "rsyslog").mkdir()
    receiver = Rsyslog(tmp_path / "rsyslog").start()
    receiver.stop()
    reported: list[dict[str, object]] = []
    with caplog.at_level(logging.ERROR, logger="pretense"):
        sender = forwarder(receiver, Transport.TCP, "cef", tmp_path, max_bytes=20_000, report=reported.append)
        try:
            for seq in range(1, 101):
                sender.accept(big_event(seq))
            assert sender.device.siem_full is not None  # the tiers that refuse now refuse
            receiver.start()
            lines = receiver.wait_for(1, timeout=30)
            deadline = time.monotonic() + 15
            while sender.spool.pending_bytes and time.monotonic() < deadline:
                time.sleep(0.05)
            lines = receiver.lines()
        finally:
            sender.close()
            receiver.stop()
    kept = sequence_numbers(lines)
    assert kept == list(range(kept[0], 101))  # the newest ones, in order
    assert kept[0] > 1
    assert sender.device.siem_full is None
    assert sum(r["events"] for r in reported) == kept[0] - 1  # type: ignore[misc]
    assert reported[0]["first_seq"] == 1
    assert reported[-1]["last_seq"] == kept[0] - 1
    assert sum("SIEM queue full" in r.message for r in caplog.records) == 1
