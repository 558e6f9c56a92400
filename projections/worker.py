"""One projection's worker: takes the projection's advisory lock, then keeps its tables
up to date (and builds the next generation when one is asked for) until stopped.

The lock is session-level, on the worker's own connection, and every batch is applied on
that same connection: if the process dies or the connection breaks, PostgreSQL rolls back
the batch in flight and releases the lock, and a standby takes over from the checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from projections import checkpoints, rebuild
from projections.batches import CONNECTION_LOST, apply_next_batch
from projections.checkpoints import Checkpoint, CheckpointMoved
from projections.event_cache import EventCache
from projections.projection import Projection

log = logging.getLogger(__name__)

COALESCE_SECONDS = 0.01
LOCK_CLASS = 7283  # first key of pg_try_advisory_lock(int, int); the second is hashtext(name)

Connect = Callable[[str], Awaitable[asyncpg.Connection]]


class _Yield(Exception):
    """Newer code owns this projection: hand the lock over and stand by."""


class Worker:
    def __init__(
        self,
        projection: Projection,
        connect: Connect,
        *,
        batch_size: int,
        poll_interval: float,
        lock_retry_interval: float,
        on_progress: Callable[[], None],
        cache: EventCache | None = None,
    ) -> None:
        self.projection = projection
        self.cache = cache
        self.connect = connect
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.lock_retry_interval = lock_retry_interval
        self.on_progress = on_progress
        self.wake = asyncio.Event()
        self.holding = False
        self.stopping = False

    async def run(self) -> None:
        while not self.stopping:
            try:
                await self._session()
            except (*CONNECTION_LOST, CheckpointMoved) as error:
                log.warning("projection %s: connection lost (%s)", self.projection.name, error)
            except _Yield:
                log.warning("projection %s: a newer version owns it", self.projection.name)
            except Exception:
                log.exception("projection %s: unexpected error", self.projection.name)
            self.holding = False
            await self._pause(self.lock_retry_interval)

    async def _session(self) -> None:
        connection = await self.connect(f"hub-projection:{self.projection.name}")
        try:
            if not await self._take_lock(connection):
                return
            self.holding = True
            log.info("projection %s: active in this process", self.projection.name)
            await self._prepare(connection)
            self.on_progress()
            await self._serve(connection)
        finally:
            self.holding = False
            await _close(connection)

    async def _take_lock(self, connection: asyncpg.Connection) -> bool:
        query = "SELECT pg_try_advisory_lock($1, hashtext($2))"
        while not self.stopping:
            if await connection.fetchval(query, LOCK_CLASS, self.projection.name):
                return True
            await self._pause(self.lock_retry_interval)
        return False

    async def _prepare(self, connection: asyncpg.Connection) -> None:
        """On taking over: retry failed generations (the code may have been fixed), drop
        leftover schemas, and create the first tables if there are none."""
        name = self.projection.name
        await checkpoints.clear_failure(connection, name)
        await rebuild.drop_stale_schemas(connection, name)
        if not any(row.active for row in await checkpoints.load(connection, name)):
            await rebuild.start_first_generation(connection, self.projection)

    async def _serve(self, connection: asyncpg.Connection) -> None:
        while not self.stopping:
            self.wake.clear()
            if await self.step(connection):
                self.on_progress()
                continue
            if await self._pause(self.poll_interval) and COALESCE_SECONDS:
                # Woken by an append: let the appends of the next moment join this batch,
                # so a busy log costs one step per few events rather than one per event.
                await asyncio.sleep(COALESCE_SECONDS)

    async def step(self, connection: asyncpg.Connection) -> bool:
        """One batch for the active generation and one for a build; True if anything moved."""
        active, build = await self._plan(connection)
        moved = False
        if active is not None and active.state != "failed":
            moved = await self._apply(connection, active) > 0
        if build is not None and build.state != "failed":
            moved = await self._build(connection, build) or moved
        return moved

    async def _plan(
        self, connection: asyncpg.Connection
    ) -> tuple[Checkpoint | None, Checkpoint | None]:
        rows = await checkpoints.load(connection, self.projection.name)
        version = self.projection.version
        if any(row.version > version for row in rows):
            raise _Yield
        active = next((row for row in rows if row.active), None)
        build = next((row for row in rows if not row.active), None)
        if build is not None and build.version < version:
            await rebuild.discard(connection, build)
            build = None
        if active is not None and active.version < version and build is None:
            build = await checkpoints.insert(
                connection, self.projection.name, version, active=False
            )
            log.info("projection %s: rebuilding for version %s", self.projection.name, version)
        if active is not None and active.version != version:
            active = None  # this code cannot maintain the old tables: they serve as they are
        return active, build

    async def _apply(self, connection: asyncpg.Connection, checkpoint: Checkpoint) -> int:
        return await apply_next_batch(
            connection, self.projection, checkpoint.schema_name, self.batch_size, self.cache
        )

    async def _build(self, connection: asyncpg.Connection, build: Checkpoint) -> bool:
        if build.position == 0 and not await rebuild.schema_exists(connection, build.schema_name):
            if not await self._create_build_tables(connection, build):
                return False
        moved = await self._apply(connection, build)
        if moved >= self.batch_size:
            return True
        return await rebuild.switch(connection, build) or moved > 0

    async def _create_build_tables(self, connection: asyncpg.Connection, build: Checkpoint) -> bool:
        try:
            await rebuild.create_tables(connection, self.projection, build.schema_name)
        except asyncpg.PostgresError as error:
            if connection.is_closed():
                raise
            message = f"projection {self.projection.name}: creating its tables failed: {error}"
            log.error(message)
            await checkpoints.mark_failed(connection, build.schema_name, message, 0, "")
            return False
        return True

    async def _pause(self, seconds: float) -> bool:
        """Wait for a wake-up or ``seconds``; True when woken."""
        woken = False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), seconds)
            woken = True
        self.wake.clear()
        return woken and not self.stopping

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()


async def _close(connection: asyncpg.Connection) -> None:
    try:
        await asyncio.wait_for(connection.close(), 2)
    except Exception:
        connection.terminate()
    except asyncio.CancelledError:
        connection.terminate()
        raise
