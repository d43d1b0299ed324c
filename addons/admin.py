"""The gateway's admin port (`pretense_admin=HOST:PORT`): health for the load balancer,
Prometheus metrics, and the SCIM endpoint when provisioning is on. The health check fails
when the proxy's event loop has not moved for a few seconds, when the audit trail cannot
record (the restricted tier would refuse everything) or before a policy is loaded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path

from mitmproxy import ctx, exceptions
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchanges
from addons.guard import guarded
from addons.state import SuiteState
from audit.device import AuditDevice
from gateway.admin import AdminServer, parse_listen
from gateway.admission import Admission
from gateway.directory import DirectoryFile, directory_folder
from gateway.errors import GatewayError
from gateway.metrics import GatewayMetrics
from gateway.scim import ScimEndpoint, read_scim_token
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

HEARTBEAT_SECONDS = 1.0
STALLED_SECONDS = 5.0


class AdminPort:
    def __init__(
        self,
        state: SuiteState,
        routes: RouteTable,
        exchanges: Exchanges,
        admission: Admission,
        metrics: GatewayMetrics,
        audit: AuditDevice,
    ) -> None:
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.admission = admission
        self.metrics = metrics
        self.audit = audit
        self.server: AdminServer | None = None
        self._beat = time.monotonic()
        self._heart: asyncio.Task[None] | None = None
        self._instance: str | None = None

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_admin",
            str,
            "",
            "The admin port, HOST:PORT (or a port on 127.0.0.1): /healthz, /metrics, and /scim/v2 "
            "when pretense_scim_token_file is set; empty: none.",
        )

    def configure(self, updated: set[str]) -> None:
        if "pretense_admin" in updated and ctx.options.pretense_admin:
            try:
                parse_listen(ctx.options.pretense_admin)
            except ValueError as e:
                raise exceptions.OptionsError(f"pretense_admin: {e}") from e

    @guarded
    async def running(self) -> None:
        if not ctx.options.pretense_admin or self.server is not None:
            return
        scim = None
        if ctx.options.pretense_scim_token_file:
            token = read_scim_token(Path(ctx.options.pretense_scim_token_file))
            scim = ScimEndpoint(DirectoryFile(directory_folder(self.state.home.root)), token)
        try:
            self.server = AdminServer(
                parse_listen(ctx.options.pretense_admin), self.health, self.metrics.registry, scim
            )
        except OSError as e:
            raise GatewayError(
                f"the admin port {ctx.options.pretense_admin} cannot be opened ({e.strerror})"
            ) from e
        self.server.start()
        self._instance = ctx.options.pretense_instance or None
        self._heart = asyncio.create_task(self._heartbeat(), name="pretense admin heartbeat")
        host = parse_listen(ctx.options.pretense_admin)[0]
        logger.info("admin port %s:%d: health, metrics%s", host, self.server.port, ", SCIM" if scim else "")

    @guarded
    async def done(self) -> None:
        if self._heart is not None:
            self._heart.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heart
        if self.server is not None:
            self.server.stop()
            self.server = None

    async def _heartbeat(self) -> None:
        while True:
            self._beat = time.monotonic()
            await asyncio.sleep(HEARTBEAT_SECONDS)

    def health(self) -> tuple[bool, dict[str, object]]:
        """On the admin thread: whether this instance should get traffic."""
        stalled = time.monotonic() - self._beat
        problems = []
        if stalled > STALLED_SECONDS:
            problems.append(f"the event loop has not moved for {stalled:.0f} s")
        if (why := self.audit.unrecordable) is not None:
            problems.append(f"the audit trail cannot record: {why}")
        if self.state.policy is None:
            problems.append("no policy loaded")
        details: dict[str, object] = {"instance": self._instance, "problems": problems}
        if self.admission.directory is not None:
            details["provisioned_users"] = self.admission.directory.users
        return not problems, details
