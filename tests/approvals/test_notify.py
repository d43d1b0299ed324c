"""What Slack and Teams get for a held call: the call as the provider saw it and the
command that approves it."""

from __future__ import annotations

import orjson

from approvals.notify import Announcement, payload

HELD = Announcement("k7m2p9q4rs", "Bash", "rm -rf /srv/data", "rule rm (policy.yaml:40)", "alice", "app", 300)


def test_slack() -> None:
    message = orjson.loads(payload(HELD, "slack"))
    assert "pretense approvals approve k7m2p9q4rs" in message["text"]
    assert all(block["type"] == "section" for block in message["blocks"])


def test_teams_gets_an_adaptive_card() -> None:
    message = orjson.loads(payload(HELD, "teams"))
    card = message["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert any("k7m2p9q4rs" in block["text"] for block in card["content"]["body"])
