"""IBM QRadar's Log Event Extended Format, version 2.0, with `^` as the attribute
delimiter. LEEF has no escaping: the delimiter and line breaks are removed from values,
`|` from header fields."""

from __future__ import annotations

from siem.cef import PRODUCT, VENDOR, VERSION, _counts, _exception, _message
from siem.events import SiemEvent

DELIMITER = "^"


def clean_header(value: str) -> str:
    return value.replace("|", "").replace("\r", " ").replace("\n", " ")


def clean_value(value: str) -> str:
    return value.replace(DELIMITER, "").replace("\t", " ").replace("\r", " ").replace("\n", " ")


def format_leef(event: SiemEvent) -> str:
    header = "|".join(clean_header(part) for part in ("LEEF:2.0", VENDOR, PRODUCT, VERSION, event.signature))
    r = event.fields
    attributes = {
        "devTime": event.epoch_ms,  # epoch milliseconds, allowed without devTimeFormat
        "sev": max(1, event.severity),
        "cat": event.name,
        "usrName": r.get("user"),
        "src": r.get("client_address"),
        "resource": r.get("host"),
        "url": r.get("path"),
        "userAgent": r.get("client"),
        "provider": r.get("provider"),
        "model": r.get("model"),
        "tier": r.get("tier"),
        "repository": r.get("repository"),
        "action": r.get("decision"),
        "reason": r.get("block_reason"),
        "detections": _counts(r.get("detections")),
        "identifiersMutated": r.get("identifiers_mutated"),
        "bytesOut": r.get("sent_bytes"),
        "bytesIn": r.get("response_bytes"),
        "exception": _exception(r),
        "auditSeq": r.get("seq"),
        "recordHash": r.get("hash"),
        "chainHash": r.get("hash") if r.get("type") == "checkpoint" else None,
        "policySha256": r.get("sha256"),
        "msg": _message(r),
    }
    body = DELIMITER.join(
        f"{key}={clean_value(str(value))}" for key, value in attributes.items() if value not in (None, "")
    )
    return f"{header}|{DELIMITER}|{body}"
