"""Decides which tier an AI request falls in, and blocks what that tier forbids."""

from __future__ import annotations

import logging
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.flowstate import TIER, block, route_of
from detectors import known_names
from pretense.errors import PolicyError
from pretense.home import SHIPPED_DEFAULT_POLICY, locate_home
from pretense.policy import Policy, Tier, load_policy

logger = logging.getLogger("pretense")


class PolicyGate:
    def __init__(self) -> None:
        self.policy: Policy | None = None

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
            self.policy = load_policy(path, known_names())
        except PolicyError as e:
            raise exceptions.OptionsError(str(e)) from e
        logger.info(
            "policy %s loaded (sha256 %s, default tier %s)",
            path,
            self.policy.digest[:12],
            self.policy.default_tier,
        )

    def request(self, flow: http.HTTPFlow) -> None:
        route = route_of(flow)
        if route is None or flow.response is not None:
            return
        assert self.policy is not None, "configure() loads the policy before any flow"
        tier = self.policy.default_tier
        flow.metadata[TIER] = tier.value
        if tier is Tier.CONFIDENTIAL:
            block(
                flow,
                route,
                403,
                f"traffic from this source is confidential under policy {self.policy.source}, "
                "so it may not be sent to an AI provider. Ask your security team for an exception "
                "if this work must use one.",
            )
