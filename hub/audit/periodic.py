"""The background task of `hub serve` that signs a checkpoint every interval if the log grew.

Replicas all run it; the advisory lock in ``checkpoint_if_grown`` lets one sign at a time,
and the others find the log already covered.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg

from hub.audit.checkpoints import checkpoint_if_grown
from hub.audit.merkle import ProofError

log = logging.getLogger(__name__)


class PeriodicCheckpoints:
    def __init__(self, pool: asyncpg.Pool, origin: str, interval_seconds: float) -> None:
        self.pool = pool
        self.origin = origin
        self.interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-checkpoints")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                async with self.pool.acquire() as connection:
                    signed = await checkpoint_if_grown(connection, self.origin)
                if signed is not None:
                    log.info("signed checkpoint of %d events", signed.tree_size)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ProofError):
                # logged, and tried again at the next interval (the database may come back)
                log.exception("could not sign a checkpoint")
