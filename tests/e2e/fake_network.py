"""An httpcore network backend that connects every host to the fake provider's port."""

from __future__ import annotations

from collections.abc import Iterable

import httpcore2 as httpcore


class FakeProviderNetwork(httpcore.AsyncNetworkBackend):
    def __init__(self, port: int) -> None:
        self.port = port
        self._real = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._real.connect_tcp("127.0.0.1", self.port, timeout, local_address, socket_options)  # type: ignore[arg-type]

    async def sleep(self, seconds: float) -> None:
        await self._real.sleep(seconds)
