"""The SIEM formats, and the messages one audit record becomes in each: CEF and LEEF send
one event per record worth an alert; OCSF describes every AI request (and may add findings)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from siem.cef import format_cef
from siem.events import SiemEvent, event_for
from siem.leef import format_leef
from siem.ocsf import ocsf_events, ocsf_text

_ALERTS: dict[str, Callable[[SiemEvent], str]] = {"cef": format_cef, "leef": format_leef}
FORMATS = (*_ALERTS, "ocsf")


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    severity: int  # CEF's 0-10 scale, for the syslog priority
    epoch_ms: int


def messages_for(record: Mapping[str, Any], fmt: str) -> list[Message]:
    if fmt == "ocsf":
        return [
            Message(ocsf_text(event), severity, epoch_ms) for event, severity, epoch_ms in ocsf_events(record)
        ]
    event = event_for(record)
    if event is None:
        return []
    return [Message(_ALERTS[fmt](event), event.severity, event.epoch_ms)]
