"""Runs the dispatcher and the sender in one hub process at a time.

Every ``hub serve`` and ``hub project`` process may start one; a session advisory lock on
a dedicated connection lets one of them work while the others stand by (as projections
do). The working one LISTENs on ``hub_events`` (new events) and ``hub_webhooks``
(deliveries owed, an endpoint enabled, a redelivery asked) and polls as a fallback. If
it dies, PostgreSQL releases the lock and a standby takes over from the checkpoint;
attempts in flight then may be sent again (at least once: receivers deduplicate by
``webhook-id``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

from hub.database import Database, init_connection
from hub.integrations.secret_box import SecretBox, SecretKeyMissing
from hub.integrations.webhook_dispatcher import dispatch_batch
from hub.integrations.webhook_retry import RetryPolicy
from hub.integrations.webhook_sender import Sender
from hub.integrations.webhook_store import WAKE_CHANNEL
from hub.settings import Settings

log = logging.getLogger(__name__)

LOCK_CLASS = 7284
LOCK_NAME = "webhooks"
EVENTS_CHANNEL = "hub_events"


class WebhookService:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.poll = settings.projection_poll_seconds
        self.holding = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def sender(self) -> Sender:
        policy = RetryPolicy(
            self.settings.webhook_retry_base_seconds,
            self.settings.webhook_retry_max_seconds,
            self.settings.webhook_disable_after_seconds,
        )
        return Sender(
            self.database.pool, SecretBox.from_settings(self.settings), policy,
            development=self.settings.environment == "development",
            timeout=self.settings.webhook_timeout_seconds,
            concurrency=self.settings.webhook_concurrency, on_done=self._wake.set,
        )  # fmt: skip

    async def start(self) -> None:
        """Start, unless no endpoint can exist (production without a secrets key)."""
        try:
            SecretBox.from_settings(self.settings)
        except SecretKeyMissing as missing:
            log.warning("webhooks not delivered by this process: %s", missing)
            return
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="webhooks")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self._session()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("webhooks: connection lost (%s)", error)
            except Exception:
                log.exception("webhooks: unexpected error")
            self.holding = False
            await asyncio.sleep(self.poll)

    async def _session(self) -> None:
        settings = {"application_name": "hub-webhooks"}
        if self.settings.db_service_role:
            settings["role"] = self.settings.db_service_role
        connection = await asyncpg.connect(self.database.dsn, server_settings=settings)
        sender: Sender | None = None
        try:
            await init_connection(connection)
            await self._take_lock(connection)
            self.holding = True
            for channel in (EVENTS_CHANNEL, WAKE_CHANNEL):
                await connection.add_listener(channel, self._notified)
            sender = self.sender()
            await self._serve(connection, sender)
        finally:
            if sender is not None:
                await sender.close()
            connection.terminate()

    async def _take_lock(self, connection: asyncpg.Connection) -> None:
        query = "SELECT pg_try_advisory_lock($1, hashtext($2))"
        while True:
            if await connection.fetchval(query, LOCK_CLASS, LOCK_NAME):
                return
            await asyncio.sleep(self.poll)

    async def _serve(self, connection: asyncpg.Connection, sender: Sender) -> None:
        while not connection.is_closed():
            self._wake.clear()
            while await dispatch_batch(connection):
                pass
            await sender.send_due()
            pause = await sender.seconds_until_due(self.poll)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(pause, 0.01))

    def _notified(self, *_: object) -> None:
        self._wake.set()
