from __future__ import annotations

import pytest

from tests.detectors.findings import found

EXAMPLES = [
    ("datadog_key", "DD_API_KEY={}", "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
    ("datadog_key", "# datadog.yaml\napi_key: {}\nsite: datadoghq.eu", "3d10ccdddeeab5d802f065ba06a39081"),
    ("newrelic_key", "NEW_RELIC_API_KEY={}", "NRAK-RWPAFBB0A5Y2BUQ1EG9D6U4JWEL"),
    ("newrelic_key", "license_key: '{}'", "33201be204ef808de68d5590dbfffe905513NRAL"),
    ("newrelic_key", "-H 'X-Insert-Key: {}'", "NRII-1iXwwt1-Ar3DUNmL20_ppSTGRxiVBgeL"),
    (
        "sentry_token",
        "SENTRY_AUTH_TOKEN={}",
        "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",
    ),
    (
        "sentry_token",
        "sentry-cli: auth token={}",
        "135780cace112e4789769fe774589f34b8760afa02aba08eba3b53f76741bf54",
    ),
    ("grafana_token", "GRAFANA_TOKEN={}", "glsa_9y8ACUJPjllODwM7smP6aJSrYJkhN2BA_f9cc633b"),
    ("pagerduty_key", "PAGERDUTY_TOKEN={}", "u+PlRhLiE7rE0AhqXmsk"),
    ("pagerduty_key", "pagerduty:\n  routing_key: {}", "3d10ccdddeeab5d802f065ba06a39081"),
    (
        "honeycomb_key",
        "x-honeycomb-team: {}",
        "hcaik_01cpd01n2u7lx70xx8aq5f6ct6o8y781pfx9kf0s2lr0hd0aoymrhctj1o",
    ),
    ("honeycomb_key", "-H 'X-Honeycomb-Team: {}'", "c3gC1CKrKpug8Efp2HYXl3"),
    (
        "dynatrace_token",
        "DT_API_TOKEN={}",
        "dt0c01.9ENNZUDP75SH28VXJG93UKDO.C4ZIWMW20F7EURMBWTDP2E9PFGG5KFX07L6HLL9OFLLPDL9W7355YZJMQFSM0O5R",
    ),
    ("splunk_hec_token", "-H 'Authorization: Splunk {}'", "ff1c03bb-48ea-459a-8445-038d18288ae2"),
    ("splunk_hec_token", 'HEC_TOKEN = "{}"', "FF1C03BB-48EA-459A-8445-038D18288AE2"),
]

QUIET = [
    "SENTRY_DSN=https://4f9c1d2e3b5a4c6d8e0f1a2b3c4d5e6f@o481920.ingest.de.sentry.io/4508123456789",
    "dd.trace_id=3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e datadog span",
    "splunk search index=ledger earliest=-15m | stats count by host",
    "pagerduty incident PX4QW9T acknowledged by on-call",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []
