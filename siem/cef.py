"""ArcSight Common Event Format (CEF:0), as Splunk, Sentinel and ArcSight read it.

Header fields escape `\\` and `|`; extension values escape `\\` and `=` and write line
breaks as `\\n`/`\\r`. `rt` is epoch milliseconds, `src` IPv4 only, and fields are cut to
the lengths the CEF spec gives.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from siem.events import SiemEvent

VENDOR = "Pretense"
PRODUCT = "Pretense"
VERSION = "0.1.0"

# Extension key -> maximum length (characters), from the CEF specification's dictionary.
LIMITS = {
    "externalId": 40,
    "act": 63,
    "app": 31,
    "msg": 1023,
    "reason": 1023,
    "request": 1023,
    "requestClientApplication": 1023,
    "requestMethod": 1023,
    "suser": 1023,
    "dhost": 1023,
    **{f"cs{n}": 4000 for n in range(1, 7)},
    **{f"cs{n}Label": 1023 for n in range(1, 7)},
    **{f"cn{n}Label": 1023 for n in range(1, 4)},
}


def escape_header(value: str) -> str:
    flat = value.replace("\r", " ").replace("\n", " ")
    return flat.replace("\\", "\\\\").replace("|", "\\|")


def escape_value(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("=", "\\=")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def format_cef(event: SiemEvent) -> str:
    header = "|".join(
        escape_header(part)
        for part in ("CEF:0", VENDOR, PRODUCT, VERSION, event.signature, event.name, str(event.severity))
    )
    pairs = extension(event)
    body = " ".join(f"{key}={escape_value(_cut(key, value))}" for key, value in pairs.items())
    return f"{header}|{body}"


def extension(event: SiemEvent) -> dict[str, str]:
    r = event.fields
    pairs: dict[str, Any] = {
        "rt": event.epoch_ms,
        "externalId": str(r.get("hash", ""))[:40],
        "cn1": r.get("seq"),
        "cn1Label": "auditSeq",
        "suser": r.get("user"),
        "src": _ipv4(r.get("client_address")),
        "dhost": r.get("host"),
        "request": r.get("path"),
        "requestClientApplication": r.get("client"),
        "app": r.get("provider"),
        "act": r.get("decision"),
        "reason": r.get("block_reason"),
        "cn2": r.get("identifiers_mutated"),
        "cn2Label": "identifiersMutated" if r.get("identifiers_mutated") is not None else None,
        "out": r.get("sent_bytes"),
        "in": r.get("response_bytes"),
        "cs1": _counts(r.get("detections")),
        "cs1Label": "detections" if r.get("detections") else None,
        "cs2": r.get("tier"),
        "cs2Label": "tier" if r.get("tier") else None,
        "cs3": r.get("repository"),
        "cs3Label": "repository" if r.get("repository") else None,
        "cs4": r.get("model"),
        "cs4Label": "model" if r.get("model") else None,
        "cs5": _exception(r),
        "cs5Label": "exception" if _exception(r) else None,
        # A checkpoint's own hash: with its number (cn1) it is an anchor `verify` can read back.
        "cs6": r.get("hash") if r.get("type") == "checkpoint" else r.get("sha256"),
        "msg": _message(r),
    }
    if pairs["cs6"]:
        pairs["cs6Label"] = "chainHash" if r.get("type") == "checkpoint" else "policySha256"
    return {key: str(value) for key, value in pairs.items() if value not in (None, "", {})}


def _cut(key: str, value: str) -> str:
    limit = LIMITS.get(key)
    return value if limit is None or len(value) <= limit else value[:limit]


def _ipv4(value: object) -> str | None:
    try:
        address = ipaddress.ip_address(str(value))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        return str(mapped) if mapped else None
    return str(address)


def _counts(detections: object) -> str | None:
    if not isinstance(detections, Mapping) or not detections:
        return None
    return ",".join(f"{kind}:{count}" for kind, count in sorted(detections.items()))


def _exception(record: Mapping[str, Any]) -> str | None:
    value = record.get("exception")
    return None if value is None else str(value)


def _message(record: Mapping[str, Any]) -> str | None:
    kind = record.get("type")
    if kind == "checkpoint":
        last = int(record.get("seq", 1)) - 1
        return f"records {record.get('from_seq')}..{last} signed by key {record.get('key_id')}"
    if kind == "policy":
        return f"policy {record.get('source')} default tier {record.get('default_tier')}"
    if kind == "gap":
        return str(record.get("reason"))
    if kind == "siem_dropped":
        return (
            f"{record.get('events')} events of records {record.get('first_seq')}..{record.get('last_seq')} "
            f"dropped: {record.get('reason')}"
        )
    return None
