"""Decides which tier an AI request falls in, and blocks what that tier forbids.

The request is attributed to a repository (`pretense.attribution`), the policy decides the
tier from it, and the decision is recorded on the flow for the addons after this one and
the audit trail. A changed policy file is reloaded without a restart; an invalid one is
refused and the previous policy stays in force.
"""

from __future__ import annotations

import getpass
import logging
import os
import time
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.flowstate import (
    ATTRIBUTION,
    EXCEPTION,
    REPOSITORY,
    RULE,
    TIER,
    USER,
    block,
    destination,
    route_of,
)
from detectors import known_names
from installation.home import SHIPPED_DEFAULT_POLICY, locate_home
from policy import inventory
from policy.attribution import attribute, tagged_repository
from policy.decision import decide
from policy.errors import PolicyError
from policy.file import load_policy
from policy.inventory import Inventory
from policy.model import Policy
from providers.model import requested_model

logger = logging.getLogger("pretense")

RELOAD_CHECK_SECONDS = 1.0
_LOCAL_USER = getpass.getuser()


class PolicyGate:
    def __init__(self) -> None:
        self.policy: Policy | None = None
        self.path: Path | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked = 0.0
        self._tags: dict[str, str] = {}  # client connection id -> repository path
        self.inventories: tuple[Inventory, ...] = ()
        self._index_stamp: float | None = None

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_policy",
            str,
            "",
            "Pretense policy file (YAML); default: policy.yaml in the Pretense home.",
        )

    def configure(self, updated: set[str]) -> None:
        if "pretense_policy" not in updated:
            return
        path = Path(ctx.options.pretense_policy or locate_home().policy_file)
        if not ctx.options.pretense_policy and not path.exists():
            path = Path(str(SHIPPED_DEFAULT_POLICY))
        try:
            self._load(path)
        except PolicyError as e:
            raise exceptions.OptionsError(str(e)) from e
        self._load_inventories()

    def _load_inventories(self) -> None:
        """The identifier inventories `pretense index` made, reloaded when one changes."""
        directory = inventory.folder(locate_home().root)
        stamp = _mtime(directory)
        if stamp == self._index_stamp:
            return
        self._index_stamp = stamp
        self.inventories = inventory.load(locate_home().root)
        if self.inventories:
            logger.info("identifier inventories: %s", ", ".join(i.name for i in self.inventories))

    def _load(self, path: Path) -> None:
        stamp = _stamp(path)
        self.policy = load_policy(path, known_names())
        self.path, self._stamp = path, stamp
        logger.info(
            "policy %s loaded (sha256 %s, default tier %s, %d repositories, %d exceptions)",
            path,
            self.policy.digest[:12],
            self.policy.default_tier,
            len(self.policy.repositories),
            len(self.policy.exceptions),
        )

    def _reload_if_changed(self) -> None:
        now = time.monotonic()
        if self.path is None or now - self._checked < RELOAD_CHECK_SECONDS:
            return
        self._checked = now
        self._load_inventories()
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return
        try:
            self._load(self.path)
        except PolicyError as e:
            self._stamp = stamp  # say it once per change, not once per request
            logger.error(
                "policy %s changed but is invalid; the previous policy stays in force: %s", self.path, e
            )

    def http_connect(self, flow: http.HTTPFlow) -> None:
        """`pretense run --repo` tags a tool's traffic in the proxy credentials of its CONNECT."""
        repository = tagged_repository(flow.request.headers.get("proxy-authorization", ""))
        if repository is not None:
            self._tags[flow.client_conn.id] = repository

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # Plain-HTTP proxying carries the credentials on each request: they never go upstream.
        header = flow.request.headers.get("proxy-authorization")
        if header is not None and (repository := tagged_repository(header)) is not None:
            self._tags[flow.client_conn.id] = repository
            del flow.request.headers["proxy-authorization"]

    def client_disconnected(self, client: object) -> None:
        self._tags.pop(getattr(client, "id", ""), None)

    def request(self, flow: http.HTTPFlow) -> None:
        route = route_of(flow)
        if route is None or flow.response is not None:
            return
        self._reload_if_changed()
        assert self.policy is not None, "configure() loads the policy before any flow"
        try:
            body = flow.request.get_content() or b""
        except ValueError:
            body = b""  # an undecodable body: the Rewriter answers for it
        attribution = attribute(
            self.policy, tagged=self._tags.get(flow.client_conn.id), body=body, inventories=self.inventories
        )
        user = _user(flow)
        decision = decide(
            self.policy,
            attribution,
            files=attribution.files,
            user=user,
            provider=route.provider,
            model=requested_model(flow.request.path, body),
            host=destination(flow),
        )
        flow.metadata[TIER] = decision.tier.value
        flow.metadata[REPOSITORY] = decision.repository
        flow.metadata[ATTRIBUTION] = attribution.source.value
        flow.metadata[RULE] = decision.rule
        flow.metadata[USER] = user
        if decision.exception is not None:
            flow.metadata[EXCEPTION] = decision.exception.describe()
            logger.info(
                "exception used by %s for %s: %s", user, decision.repository, decision.exception.describe()
            )
        if decision.blocked is not None:
            block(flow, route, 403, decision.blocked)


def _user(flow: http.HTTPFlow) -> str:
    """The proxy-authenticated user on a gateway, else the local user (never the password)."""
    credentials = flow.metadata.get("proxyauth")
    if isinstance(credentials, tuple) and credentials and isinstance(credentials[0], str):
        return credentials[0]
    return os.environ.get("PRETENSE_USER") or _LOCAL_USER


def _mtime(directory: Path) -> float | None:
    try:
        return max([directory.stat().st_mtime, *(p.stat().st_mtime for p in directory.glob("*.json"))])
    except OSError:
        return None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
