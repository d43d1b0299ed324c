"""The issuer's signing keys, as its JWKS publishes them: found through OIDC discovery,
cached, refreshed every quarter hour and at once when a token names a key not yet seen (a
rotation), at most once a second.

A key the issuer stops publishing is forgotten at the next refresh, so the tokens it signed
are refused from then on. When the issuer cannot be reached, the keys last fetched stay in
use for a day; after that nothing verifies (fail closed). Fetching is done by the function
given (blocking): callers keep it off the event loop.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from gateway.errors import KeysUnavailable

logger = logging.getLogger("pretense")

Fetch = Callable[[str], bytes]
"""GET a URL and return its body; raises OSError (or ValueError) when it cannot."""

REFRESH_SECONDS = 900.0
MAX_AGE_SECONDS = 86400.0
UNKNOWN_KEY_RETRY_SECONDS = 1.0
FETCH_TIMEOUT_SECONDS = 5.0


def fetch_url(url: str) -> bytes:
    """The body of `url`; the system's CAs (or SSL_CERT_FILE) verify an https issuer."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{url!r} is not an http(s) URL")
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as answer:
        body: bytes = answer.read(1 << 20)
        return body


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True, slots=True)
class _KeySet:
    keys: dict[str, dict[str, object]]
    fetched: float


class IssuerKeys:
    def __init__(
        self, issuer: str, fetch: Fetch = fetch_url, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.issuer = issuer
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._jwks_uri: str | None = None
        self._set: _KeySet | None = None
        self._tried = float("-inf")
        self._failure: str | None = None

    @property
    def kids(self) -> frozenset[str]:
        """The ids of the keys in force (what a cached verdict's key must still be among)."""
        current = self._set
        return frozenset(current.keys) if current is not None else frozenset()

    def key(self, kid: str) -> dict[str, object] | None:
        """The JWK `kid` names, refreshing the set when it is stale or does not hold it; None
        if the issuer does not publish it. Raises KeysUnavailable when no set in its
        lifetime can be had."""
        with self._lock:
            now = self._clock()
            current = self._set
            stale = current is None or now - current.fetched >= REFRESH_SECONDS
            unknown = current is not None and kid not in current.keys
            if stale or (unknown and now - self._tried >= UNKNOWN_KEY_RETRY_SECONDS):
                self._refresh(now)
            current = self._set
            if current is None or now - current.fetched >= MAX_AGE_SECONDS:
                why = self._failure or "never fetched"
                raise KeysUnavailable(f"the signing keys of {self.issuer} cannot be fetched ({why})")
            return current.keys.get(kid)

    def _refresh(self, now: float) -> None:
        self._tried = now
        try:
            if self._jwks_uri is None:
                self._jwks_uri = self._discover()
            keys = _parse_jwks(self._fetch(self._jwks_uri))
        except (OSError, ValueError, KeyError) as e:
            if self._failure is None:
                logger.error("sign-in: the keys of %s cannot be fetched: %s", self.issuer, e)
            self._failure = str(e) or type(e).__name__
            return
        if self._set is not None and (gone := set(self._set.keys) - set(keys)):
            logger.info("sign-in: %s no longer publishes keys %s", self.issuer, ", ".join(sorted(gone)))
        if self._failure is not None:
            logger.warning("sign-in: the keys of %s can be fetched again", self.issuer)
        self._set, self._failure = _KeySet(keys, now), None

    def _discover(self) -> str:
        document = json.loads(self._fetch(discovery_url(self.issuer)))
        if document.get("issuer") != self.issuer:
            raise ValueError(
                f"the discovery document names issuer {document.get('issuer')!r}, not {self.issuer!r}"
            )
        uri = document["jwks_uri"]
        if not isinstance(uri, str):
            raise ValueError("the discovery document has no jwks_uri")
        return uri


def _parse_jwks(body: bytes) -> dict[str, dict[str, object]]:
    """The signing keys of a JWKS, by key id (keys for encryption or without an id are skipped)."""
    document = json.loads(body)
    keys = {
        str(entry["kid"]): entry
        for entry in document.get("keys", ())
        if isinstance(entry, dict) and entry.get("use", "sig") == "sig" and entry.get("kid")
    }
    if not keys:
        raise ValueError("the JWKS holds no signing key")
    return keys
