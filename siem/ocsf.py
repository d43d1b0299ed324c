"""OCSF 1.8 events from audit records, as AWS Security Lake and Splunk's OCSF add-on read them.

Each AI request is an API Activity (6003) with the `ai_operation` profile's AI model and
message context; each kind of secret or client data found in it a Data Security Finding
(2006); a blocked request a Detection Finding (2004). The trail's own life (start, stop,
checkpoints with their chain hash, gaps, dropped SIEM events) is Event Log Activity (1008).
Every event names its audit record: `metadata.sequence` is its number, `metadata.uid` its
hash (with `:n` for the further events of one record), `metadata.correlation_uid` the flow.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import orjson

from audit.record import CHECKPOINT, GAP, REQUEST, SIEM_DROPPED, START, STOP, parse_timestamp
from siem.cef import PRODUCT, VENDOR, VERSION, _message
from siem.events import CLIENT_DATA

OCSF_VERSION = "1.8.0"
API_ACTIVITY, DATA_SECURITY_FINDING, DETECTION_FINDING, EVENT_LOG_ACTIVITY = 6003, 2006, 2004, 1008
CLASS_NAMES = {
    API_ACTIVITY: "API Activity",
    DATA_SECURITY_FINDING: "Data Security Finding",
    DETECTION_FINDING: "Detection Finding",
    EVENT_LOG_ACTIVITY: "Event Log Activity",
}
_CATEGORIES = {API_ACTIVITY: (6, "Application Activity"), DATA_SECURITY_FINDING: (2, "Findings"),
               DETECTION_FINDING: (2, "Findings"), EVENT_LOG_ACTIVITY: (1, "System Activity")}  # fmt: skip
# severity_id -> CEF's 0-10 scale, for the syslog priority.
_SYSLOG_SEVERITY = {1: 1, 2: 3, 3: 5, 4: 7, 5: 9}
# Event Log Activity: what each of the trail's own records is.
_LOG_ACTIVITIES = {START: (6, "Start"), STOP: (7, "Stop"), CHECKPOINT: (99, "Checkpoint"),
                   GAP: (99, "Gap"), SIEM_DROPPED: (99, "Events Dropped")}  # fmt: skip
_ACTIONS = {"blocked": (2, "Denied"), "rewritten": (4, "Modified")}
_FOUND_ACTIONS = {"blocked": (2, "Denied", 2, "Blocked"), "passed": (1, "Allowed", 1, "Allowed")}

OcsfEvent = dict[str, Any]


def ocsf_events(record: Mapping[str, Any]) -> list[tuple[OcsfEvent, int, int]]:
    """The events an audit record raises, each with its syslog severity and time (epoch ms)."""
    try:
        epoch_ms = int(parse_timestamp(str(record.get("ts"))).timestamp() * 1000)
    except ValueError:
        return []
    kind = record.get("type")
    if kind == REQUEST:
        events = [_api_activity(record, epoch_ms)]
        events += [_data_security(record, epoch_ms, kind, count) for kind, count in _found(record)]
        if record.get("decision") == "blocked":
            events.append(_detection(record, epoch_ms))
    elif kind in _LOG_ACTIVITIES:
        events = [_log_activity(record, epoch_ms)]
    else:
        return []
    for number, event in enumerate(events):
        if number:
            event["metadata"]["uid"] += f":{number}"
    return [(event, _SYSLOG_SEVERITY.get(event["severity_id"], 1), epoch_ms) for event in events]


def ocsf_text(event: OcsfEvent) -> str:
    return orjson.dumps(event, option=orjson.OPT_SORT_KEYS).decode()


def _base(record: Mapping[str, Any], class_uid: int, activity: tuple[int, str], epoch_ms: int) -> OcsfEvent:
    category_uid, category_name = _CATEGORIES[class_uid]
    activity_id, activity_name = activity
    metadata: dict[str, Any] = {
        "product": {"name": PRODUCT, "vendor_name": VENDOR, "version": VERSION},
        "version": OCSF_VERSION,
        "uid": str(record.get("hash", "")),
        "sequence": int(record.get("seq") or 0),
        "log_name": "audit-trail",
    }
    if record.get("flow"):
        metadata["correlation_uid"] = str(record["flow"])
    return {
        "class_uid": class_uid,
        "class_name": CLASS_NAMES[class_uid],
        "category_uid": category_uid,
        "category_name": category_name,
        "activity_id": activity_id,
        "activity_name": activity_name,
        "type_uid": class_uid * 100 + activity_id,
        "time": epoch_ms,
        "metadata": metadata,
        "unmapped": {"pretense_record": str(record.get("type"))},
    }


def _actor(record: Mapping[str, Any]) -> dict[str, Any]:
    actor: dict[str, Any] = {"user": {"name": str(record.get("user") or "unknown")}}
    if record.get("client"):
        actor["app_name"] = str(record["client"])
    return actor


def _source(record: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return {"ip": str(ipaddress.ip_address(str(record.get("client_address"))))}
    except ValueError:
        return {"name": "unknown"}


def _severity(event: OcsfEvent, severity_id: int) -> None:
    event["severity_id"] = severity_id
    event["severity"] = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}[severity_id]


def _api_activity(record: Mapping[str, Any], epoch_ms: int) -> OcsfEvent:
    event = _base(record, API_ACTIVITY, (1, "Create"), epoch_ms)
    event["metadata"]["profiles"] = ["ai_operation", "security_control"]
    decision = str(record.get("decision"))
    status = record.get("status")
    succeeded = decision not in {"failed", "blocked"} and isinstance(status, int) and status < 400
    action_id, action = _ACTIONS.get(decision, (1, "Allowed"))
    event |= {
        "actor": _actor(record),
        "src_endpoint": _source(record),
        "dst_endpoint": {"hostname": str(record.get("host"))},
        "api": {
            "operation": str(record.get("path")),
            "service": {"name": str(record.get("provider"))},
            "request": {"uid": str(record.get("flow") or record.get("seq"))},
        },
        "http_request": {"url": {"hostname": str(record.get("host")), "path": str(record.get("path"))}},
        "status_id": 1 if succeeded else 2,
        "status": "Success" if succeeded else "Failure",
        "action_id": action_id,
        "action": action,
        "disposition_id": 2 if decision == "blocked" else 1,
        "disposition": "Blocked" if decision == "blocked" else "Allowed",
        "message_context": _message_context(record),
    }
    if record.get("client"):
        event["http_request"]["user_agent"] = str(record["client"])
    if isinstance(status, int):
        event["api"]["response"] = {"code": status}
        event["http_response"] = {"code": status}
        event["status_code"] = str(status)
    if record.get("block_reason"):
        event["status_detail"] = str(record["block_reason"])
    if record.get("model"):
        event["ai_model"] = {"name": str(record["model"]), "ai_provider": str(record.get("provider"))}
    if record.get("tier"):
        event["policy"] = {"name": f"{record['tier']} tier", "desc": str(record.get("rule") or "")}
    _severity(event, 4 if decision == "blocked" else 1)
    event["unmapped"] |= {
        key: record[key]
        for key in ("tier", "repository", "attribution", "decision", "identifiers_mutated", "secrets_action",
                    "sent_bytes", "response_bytes", "sent_fingerprint", "answer_fingerprint", "added_ms")
        if record.get(key) is not None
    }  # fmt: skip
    return event


def _message_context(record: Mapping[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {"service": {"name": str(record.get("provider"))}}
    if record.get("client"):
        context["application"] = {"name": str(record["client"])}
    tokens = record.get("tokens")
    if isinstance(tokens, Mapping):
        prompt, completion = tokens.get("input"), tokens.get("output")
        if isinstance(prompt, int):
            context["prompt_tokens"] = prompt
        if isinstance(completion, int):
            context["completion_tokens"] = completion
        if isinstance(prompt, int) and isinstance(completion, int):
            context["total_tokens"] = prompt + completion
    return context


def _found(record: Mapping[str, Any]) -> list[tuple[str, int]]:
    detections = record.get("detections")
    return sorted(detections.items()) if isinstance(detections, Mapping) else []


def _data_security(record: Mapping[str, Any], epoch_ms: int, kind: str, count: int) -> OcsfEvent:
    event = _base(record, DATA_SECURITY_FINDING, (1, "Create"), epoch_ms)
    event["metadata"]["profiles"] = ["security_control"]
    passed = record.get("secrets_passed") or {}
    outcome = (
        "blocked" if record.get("decision") == "blocked" else "passed" if passed.get(kind) else "redacted"
    )
    action_id, action, disposition_id, disposition = _FOUND_ACTIONS.get(
        outcome, (4, "Modified", 11, "Corrected")
    )
    category = "client data" if kind in CLIENT_DATA else "secret"
    event |= {
        "finding_info": {
            "uid": f"{record.get('hash')}:{kind}",
            "title": f"{kind} ({category}) in an AI request to {record.get('provider')}",
            "desc": f"{count} found; {outcome}",
            "types": [category],
        },
        "data_security": {"data_lifecycle_state_id": 2, "detection_system_id": 10, "total": count},
        "count": count,
        "actor": _actor(record),
        "src_endpoint": _source(record),
        "dst_endpoint": {"hostname": str(record.get("host"))},
        "action_id": action_id,
        "action": action,
        "disposition_id": disposition_id,
        "disposition": disposition,
        "status_id": 1,
        "status": "New",
    }
    _severity(event, 4 if kind in CLIENT_DATA or outcome == "passed" else 3)
    event["unmapped"] |= {"kind": kind, "tier": record.get("tier")}
    return event


def _detection(record: Mapping[str, Any], epoch_ms: int) -> OcsfEvent:
    event = _base(record, DETECTION_FINDING, (1, "Create"), epoch_ms)
    event["metadata"]["profiles"] = ["security_control"]
    event |= {
        "finding_info": {
            "uid": f"{record.get('hash')}:blocked",
            "title": "AI request blocked by the policy",
            "desc": str(record.get("block_reason") or "blocked"),
            "types": ["policy violation"],
        },
        "action_id": 2,
        "action": "Denied",
        "disposition_id": 2,
        "disposition": "Blocked",
        "is_alert": True,
        "status_id": 1,
        "status": "New",
    }
    _severity(event, 4)
    event["unmapped"] |= {k: record.get(k) for k in ("user", "provider", "host", "tier", "repository")}
    return event


def _log_activity(record: Mapping[str, Any], epoch_ms: int) -> OcsfEvent:
    kind = str(record.get("type"))
    event = _base(record, EVENT_LOG_ACTIVITY, _LOG_ACTIVITIES[kind], epoch_ms)
    event |= {"log_name": "audit-trail", "log_provider": PRODUCT}
    if message := _message(record):
        event["message"] = message
    if kind == CHECKPOINT:
        event["unmapped"] |= {
            "chain_hash": record.get("hash"),
            "from_seq": record.get("from_seq"),
            "key_id": record.get("key_id"),
            "final": bool(record.get("final")),
        }
    elif kind == SIEM_DROPPED:
        event["unmapped"] |= {k: record.get(k) for k in ("events", "first_seq", "last_seq", "endpoint")}
    elif kind == GAP:
        event["unmapped"] |= {"last_seq": record.get("last_seq")}
    _severity(event, 4 if kind in (GAP, SIEM_DROPPED) else 1)
    return event
