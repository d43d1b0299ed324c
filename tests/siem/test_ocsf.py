"""OCSF 1.8 events, each validated against the OCSF schema as the ocsf-json-schema package
ships it (the schema server's export, compiled to JSON Schema): the classes, their required
attributes, enums, types and the `ai_operation` profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from audit.anchors import read_anchors
from audit.files import records
from siem.ocsf import (
    API_ACTIVITY,
    DATA_SECURITY_FINDING,
    DETECTION_FINDING,
    EVENT_LOG_ACTIVITY,
    ocsf_events,
    ocsf_text,
)
from tests.siem.records import request, schema_problems, write_every_kind


@pytest.fixture
def trail(tmp_path: Path) -> Path:
    return write_every_kind(tmp_path)


def all_events(trail: Path) -> list[dict[str, Any]]:
    return [event for record in records(trail) for event, _, _ in ocsf_events(record)]


def test_every_event_validates_against_the_ocsf_1_8_schema(trail: Path) -> None:
    events = all_events(trail)
    assert {e["class_uid"] for e in events} == {
        API_ACTIVITY,
        DATA_SECURITY_FINDING,
        DETECTION_FINDING,
        EVENT_LOG_ACTIVITY,
    }
    problems = [problem for event in events for problem in schema_problems(event)]
    assert not problems, problems


def test_an_ai_request_is_an_api_activity_with_the_ai_model_and_its_tokens(trail: Path) -> None:
    (rewritten, *_) = [e for e in all_events(trail) if e["class_uid"] == API_ACTIVITY]
    assert rewritten["type_uid"] == 600301
    assert rewritten["ai_model"] == {"name": "claude-sonnet-5-5", "ai_provider": "anthropic"}
    assert rewritten["message_context"]["prompt_tokens"] == 9
    assert rewritten["message_context"]["total_tokens"] == 12
    assert rewritten["metadata"]["profiles"] == ["ai_operation", "security_control"]
    assert rewritten["action"] == "Modified"
    assert rewritten["unmapped"]["answer_fingerprint"] == request()["answer_fingerprint"]


def test_each_kind_found_is_a_data_security_finding_and_a_block_a_detection_finding(trail: Path) -> None:
    events = all_events(trail)
    findings = {e["unmapped"]["kind"]: e for e in events if e["class_uid"] == DATA_SECURITY_FINDING}
    assert set(findings) == {"aws_access_key_id", "iban", "card_number", "private_key"}
    assert findings["iban"]["count"] == 2
    assert findings["aws_access_key_id"]["disposition"] == "Corrected"  # redacted before it left
    assert findings["card_number"]["disposition"] == "Allowed"  # secrets.allow let it through
    assert findings["private_key"]["disposition"] == "Blocked"
    (block,) = [e for e in events if e["class_uid"] == DETECTION_FINDING]
    assert block["finding_info"]["desc"] == "it contains private key"
    blocked_activity = next(
        e for e in events if e["class_uid"] == API_ACTIVITY and e["disposition"] == "Blocked"
    )
    assert block["metadata"]["sequence"] == blocked_activity["metadata"]["sequence"]
    uids = [e["metadata"]["uid"] for e in events]
    assert len(uids) == len(set(uids))  # one record's events each have their own id


def test_a_checkpoint_event_carries_the_chain_hash_and_is_an_anchor(trail: Path, tmp_path: Path) -> None:
    checkpoints = [r for r in records(trail) if r["type"] == "checkpoint"]
    events = [e for r in checkpoints for e, _, _ in ocsf_events(r)]
    assert [e["unmapped"]["chain_hash"] for e in events] == [r["hash"] for r in checkpoints]
    assert events[-1]["unmapped"]["final"] is True
    export = tmp_path / "ocsf.jsonl"
    export.write_text("".join(ocsf_text(e) + "\n" for e in all_events(trail)))
    assert [(a.seq, a.hash) for a in read_anchors([export])] == [(r["seq"], r["hash"]) for r in checkpoints]


def test_the_schema_check_refuses_what_ocsf_refuses(trail: Path) -> None:
    """The validation is no rubber stamp: a wrong enum, a missing required object and an
    attribute of another profile are each caught."""
    event = next(e for e in all_events(trail) if e["class_uid"] == API_ACTIVITY)
    assert not schema_problems(event)
    assert schema_problems(event | {"activity_id": 42})
    assert schema_problems({k: v for k, v in event.items() if k != "api"})
    assert schema_problems(
        event | {"metadata": event["metadata"] | {"profiles": []}}
    )  # ai_model needs its profile
    assert schema_problems(event | {"ai_model": {"name": "claude"}})  # ai_provider is required
