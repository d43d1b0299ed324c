from __future__ import annotations

import pytest

from siem.endpoint import Endpoint, Transport, parse_endpoint
from siem.forwarder import parse_siem_options
from siem.syslog import Framing, frame, octet_counted

MS = 1_769_850_723_418  # 2026-01-31T09:12:03.418Z


def test_rfc5424_header() -> None:
    assert frame("CEF:0|x", 8, MS, "gw-1", Framing.RFC5424, 77) == (
        b"<107>1 2026-01-31T09:12:03.418Z gw-1 pretense 77 - - CEF:0|x"
    )


def test_rfc3164_puts_the_event_right_after_the_hostname() -> None:
    assert frame("CEF:0|x", 1, MS, "gw 1", Framing.RFC3164, 77) == b"<109>Jan 31 09:12:03 gw1 CEF:0|x"


def test_octet_counting() -> None:
    assert octet_counted("é x".encode()) == b"4 \xc3\xa9 x"


@pytest.mark.parametrize(
    ("text", "endpoint"),
    [
        ("syslog://siem.corp:514", Endpoint(Transport.UDP, "siem.corp", 514)),
        ("syslog+tcp://10.0.0.5", Endpoint(Transport.TCP, "10.0.0.5", 514)),
        ("syslog+tls://siem.corp", Endpoint(Transport.TLS, "siem.corp", 6514)),
        ("syslog+tls://[::1]:7514", Endpoint(Transport.TLS, "::1", 7514)),
        (
            "file:///var/log/pretense/ocsf.jsonl",
            Endpoint(Transport.FILE, "", 0, "/var/log/pretense/ocsf.jsonl"),
        ),
    ],
)
def test_endpoints(text: str, endpoint: Endpoint) -> None:
    assert parse_endpoint(text) == endpoint


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("cef", "", "", "rfc5424"), "needs both"),
        (("xml", "syslog://h", "", "rfc5424"), "use cef, leef, ocsf"),
        (("ocsf", "file://relative/events.jsonl", "", "rfc5424"), "file:///absolute/path"),
        (("cef", "http://h", "", "rfc5424"), "use syslog://"),
        (("cef", "syslog://h:99999", "", "rfc5424"), "port"),
        (("cef", "syslog://h", "", "rfc9999"), "rfc5424 or rfc3164"),
        (("cef", "syslog+tls://h", "/no/such/ca.pem", "rfc5424"), "does not exist"),
    ],
)
def test_bad_settings_say_what_to_fix(arguments: tuple[str, str, str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_siem_options(*arguments)


def test_no_siem_is_fine() -> None:
    assert parse_siem_options("", "", "", "rfc5424") is None
