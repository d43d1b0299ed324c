"""Observability: Datadog, New Relic, Sentry, Grafana, PagerDuty, Honeycomb, Dynatrace,
Splunk's HTTP Event Collector."""

from __future__ import annotations

from detectors.base import AFTER, BEFORE, URL_AFTER, Detector, Mode
from detectors.families.cloud import UUID
from detectors.keyed import SPECIFIC, Contextual, Keyed


class DatadogKey(Keyed):
    kind = "datadog_key"
    anchors = (
        *("api_key", "api-key", "apikey", "app_key", "app-key", "appkey"),
        *("application_key", "application-key", "client_token"),
    )
    key_before = "(?:dd|datadog)[_.-]?"
    value = r"[a-f0-9]{40}|[a-f0-9]{32}"
    priority = SPECIFIC


class DatadogNamedKey(Contextual):
    """Datadog keys under keys that do not say Datadog, in a file that does (`datadog.yaml`'s
    `api_key:`, the Terraform provider's `api_key`)."""

    kind = "datadog_key"
    anchors = ("datadog",)
    value = r"[a-f0-9]{40}|[a-f0-9]{32}"
    keys = r"api[_.-]?key|app[_.-]?key|application[_.-]?key"


class NewRelicKey(Detector):
    """User keys (`NRAK-`), insert and ingest keys (`NRII-`), admin keys (`NRAA-`) and license
    keys (40 characters ending `NRAL`)."""

    kind = "newrelic_key"
    anchors = ("NRAK-", "NRII-", "NRAA-", "NRAL")
    mode = Mode.WINDOW
    reach = (40, 40)
    patterns = (
        rf"{BEFORE}NRA[AK]-[A-Z0-9]{{27}}{AFTER}",
        rf"{BEFORE}NRII-[A-Za-z0-9_-]{{32}}{URL_AFTER}",
        rf"{BEFORE}[a-f0-9]{{36}}NRAL{AFTER}",
    )
    priority = SPECIFIC


class SentryToken(Detector):
    """Organization tokens (`sntrys_` and base64 JSON naming the region) and user tokens."""

    kind = "sentry_token"
    anchors = ("sntrys_eyJ", "sntryu_")
    patterns = (
        rf"{BEFORE}sntrys_eyJ[A-Za-z0-9+/=_-]{{40,}}_[A-Za-z0-9+/]{{43}}(?![A-Za-z0-9+/])",
        rf"{BEFORE}sntryu_[a-f0-9]{{64}}{AFTER}",
    )
    priority = SPECIFIC


class SentryLegacyToken(Contextual):
    """Auth tokens before prefixes: 64 hex digits, next to Sentry. A DSN's key is public."""

    kind = "sentry_token"
    anchors = ("sentry",)
    value = r"[a-f0-9]{64}"
    keys = r"token"


class GrafanaToken(Detector):
    """Service account tokens (`glsa_`), Grafana Cloud tokens (`glc_`, base64 JSON) and API
    keys (base64 JSON starting `{"k":"`)."""

    kind = "grafana_token"
    anchors = ("glsa_", "glc_eyJ", "eyJrIjoi")
    patterns = (
        rf"{BEFORE}glsa_[A-Za-z0-9]{{32}}_[A-Fa-f0-9]{{8}}{AFTER}",
        rf"{BEFORE}glc_eyJ[A-Za-z0-9+/]{{29,400}}={{0,3}}(?![A-Za-z0-9+/=])",
        rf"{BEFORE}eyJrIjoi[A-Za-z0-9]{{70,400}}={{0,3}}(?![A-Za-z0-9+/=])",
    )
    priority = SPECIFIC


class PagerDutyKey(Contextual):
    """REST API tokens (20 characters; user tokens start `u+`) and Events API routing or
    integration keys (32 hex digits), next to PagerDuty."""

    kind = "pagerduty_key"
    anchors = ("pagerduty",)
    value = r"u\+[A-Za-z0-9_+-]{18}|[A-Za-z0-9_+-]{20}|[a-f0-9]{32}"


class HoneycombKey(Detector):
    kind = "honeycomb_key"
    anchors = ("hcaik_", "hcxik_", "hcamk_", "hcxmk_")
    patterns = (rf"{BEFORE}hc[ax][im]k_[0-9a-z]{{58}}{AFTER}",)
    priority = SPECIFIC


class HoneycombTeamKey(Contextual):
    """Configuration and classic keys, in the `X-Honeycomb-Team` header or by name."""

    kind = "honeycomb_key"
    anchors = ("honeycomb",)
    value = r"[A-Za-z0-9]{22}|[a-f0-9]{32}"
    keys = r"key|team"


class DynatraceToken(Detector):
    kind = "dynatrace_token"
    anchors = ("dt0",)
    patterns = (rf"{BEFORE}dt0[a-z]\d\d\.[A-Z0-9]{{24}}\.[A-Z0-9]{{64}}{AFTER}",)
    priority = SPECIFIC


class SplunkHecToken(Contextual):
    """HTTP Event Collector tokens (UUIDs): sent as `Authorization: Splunk <token>`, or kept
    next to the collector's name."""

    kind = "splunk_hec_token"
    anchors = ("splunk", "hec_token", "hec-token")
    value = UUID
    forms = (rf"(?i:splunk)[ \t]+(?P<v>{UUID})(?![A-Za-z0-9-])",)
