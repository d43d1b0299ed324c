"""Posts a held call's announcement to the policy's webhooks. A webhook that is down or slow
never holds anything up: each post runs on its own, bounded in time, and a failure is logged."""

from __future__ import annotations

import asyncio
import logging
import ssl

import certifi
import httpcore2 as httpcore

from approvals.notify import Announcement, payload
from policy.guardrails import Webhook

logger = logging.getLogger("pretense")

TIMEOUTS = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}


class WebhookSender:
    def __init__(self, network_backend: httpcore.AsyncNetworkBackend | None = None) -> None:
        context = ssl.create_default_context(cafile=certifi.where())
        self._pool = httpcore.AsyncConnectionPool(ssl_context=context, network_backend=network_backend)
        self._posting: set[asyncio.Task[None]] = set()

    def announce(self, webhooks: tuple[Webhook, ...], announcement: Announcement) -> None:
        for webhook in webhooks:
            task = asyncio.create_task(self._post(webhook, payload(announcement, webhook.format)))
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)

    async def _post(self, webhook: Webhook, body: bytes) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        try:
            response = await self._pool.request(
                "POST", webhook.url, headers=headers, content=body, extensions={"timeout": TIMEOUTS}
            )
        except Exception as e:  # a chat service's failure is logged, never the proxy's
            logger.warning("guardrails: webhook %s failed: %s", _where(webhook.url), e)
            return
        if response.status >= 300:
            logger.warning("guardrails: webhook %s answered %d", _where(webhook.url), response.status)

    async def close(self) -> None:
        for task in list(self._posting):
            task.cancel()
        await self._pool.aclose()


def _where(url: str) -> str:
    # A Slack or Teams webhook URL is a credential: only its host goes to the log.
    return url.split("/")[2] if url.count("/") >= 2 else "?"
