"""A trail with every kind of record the SIEM formats describe, written by the real writer,
and the check of an OCSF event against the OCSF 1.8 schema (as ocsf-json-schema ships it)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

from audit.request import request_record
from audit.writer import TrailWriter
from tests.audit.builders import request_facts

KEY = b"k" * 32


def request(**changes: object) -> dict[str, Any]:
    return request_record(request_facts(**({"status": 200, "delivered": (b"{}",)} | changes)), KEY)


def write_every_kind(folder: Path) -> Path:
    """A trail as the proxy writes it: start, requests of every outcome, checkpoints, a stop."""
    writer = TrailWriter(folder, Ed25519PrivateKey.generate(), checkpoint_records=3)
    writer.start()
    writer.submit({"type": "start", "ts": "2026-01-01T00:00:00.000Z", "pid": 1})
    writer.submit(
        request(
            rewritten=True,
            identifiers=("ab" * 16,),
            response_tail=b'{"usage":{"input_tokens":9,"output_tokens":3}}',
        )
    )
    writer.submit(request(found={"aws_access_key_id": 1, "iban": 2}, fingerprints=[("iban", "cd" * 16)]))
    writer.submit(
        request(found={"card_number": 1}, passed={"card_number": 1}, client_address="::ffff:10.0.0.7")
    )
    writer.submit(request(blocked="it contains private key", found={"private_key": 1}, status=403))
    writer.submit(request(client_address=None, error="upstream reset", status=None))
    writer.submit(
        {"type": "siem_dropped", "ts": "2026-01-01T00:00:01.000Z", "events": 4, "first_seq": 2, "last_seq": 5}
    )
    writer.close({"type": "stop", "ts": "2026-01-01T00:00:02.000Z"})
    return folder


SCHEMA = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.8.0"))


@functools.cache
def validator(class_uid: int, profiles: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    name = SCHEMA.lookup_class_name_from_uid(class_uid)
    return jsonschema.Draft202012Validator(SCHEMA.get_class_schema(class_name=name, profiles=list(profiles)))


def schema_problems(event: dict[str, Any]) -> list[str]:
    profiles = tuple(event["metadata"].get("profiles", ()))
    errors = sorted(validator(event["class_uid"], profiles).iter_errors(event), key=str)
    return [f"{event['class_name']} {'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
