"""The projection runner of one hub process: a worker per projection, one listener.

Every hub process may run one; per projection, the advisory lock lets one worker across
all processes apply events while the others stand by. The listener connection LISTENs on
``hub_events`` (new events: wake the active workers) and ``hub_projections`` (progress
and requests: wake waiters, or the worker asked to rebuild or restart). Workers also poll
every ``poll_interval`` seconds, so a lost notification only delays them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from typing import Any

import asyncpg

from hub.database import init_connection
from projections import checkpoints
from projections.batches import CONNECTION_LOST, ProjectionFailed
from projections.checkpoints import PROGRESS_CHANNEL
from projections.event_cache import EventCache
from projections.projection import Projection
from projections.status import (
    FALLBACK_POLL,
    ProjectionStatus,
    projection_status,
    wait_until_reached,
)
from projections.worker import Worker

log = logging.getLogger(__name__)

EVENTS_CHANNEL = "hub_events"
_HEAD = "SELECT coalesce(max(position), 0) FROM events"


class ProjectionRunner:
    def __init__(
        self,
        dsn: str,
        pool: asyncpg.Pool,
        projections: Sequence[Projection],
        *,
        poll_interval: float = 1.0,
        batch_size: int = 5000,
        lock_retry_interval: float | None = None,
        role: str | None = "hub_service",
    ) -> None:
        """``dsn`` opens the dedicated connections (locks, listener); ``role`` is set on
        them as on the pool's (hub.settings.db_service_role; None keeps the login role)."""
        self.dsn = dsn
        self.pool = pool
        self.projections = {p.name: p for p in projections}
        if len(self.projections) != len(projections):
            raise ValueError("two projections share a name")
        self.poll_interval = poll_interval
        self.role = role
        self.events = EventCache()
        retry = poll_interval if lock_retry_interval is None else lock_retry_interval
        self._workers = {
            name: Worker(
                projection,
                self._connect,
                batch_size=batch_size,
                poll_interval=poll_interval,
                lock_retry_interval=retry,
                on_progress=self._signal,
                cache=self.events,
            )
            for name, projection in self.projections.items()
        }
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    @property
    def active(self) -> frozenset[str]:
        """The projections this process is applying (it holds their locks)."""
        return frozenset(name for name, worker in self._workers.items() if worker.holding)

    async def start(self) -> None:
        if self._listener is not None:
            return
        self._listener = asyncio.create_task(self._listen(), name="projections-listener")
        for name, worker in self._workers.items():
            worker.stopping = False
            self._tasks.append(asyncio.create_task(worker.run(), name=f"projection-{name}"))

    async def stop(self) -> None:
        """Finish the batches in flight, release the locks, close the connections."""
        if self._listener is None:
            return
        tasks, self._tasks = [self._listener, *self._tasks], []
        self._listener = None
        for worker in self._workers.values():
            worker.stop()
        tasks[0].cancel()
        _, pending = await asyncio.wait(tasks, timeout=5)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def status(self) -> list[ProjectionStatus]:
        return await projection_status(self.pool, list(self.projections))

    async def rebuild(self, name: str) -> None:
        """Build a fresh generation of ``name`` beside the serving one and switch to it once
        it has caught up (a failed projection is retried too: a rebuild is also a fix).
        Returns after the switch; raises ProjectionFailed if the new generation fails."""
        projection = self._projection(name)
        async with self.pool.acquire() as connection, connection.transaction():
            if not any(row.active for row in await checkpoints.load(connection, name)):
                raise LookupError(f"projection {name} has no tables yet: start the runner first")
            await checkpoints.clear_failure(connection, name)
            await checkpoints.insert(connection, name, projection.version, active=False)
            rows = await checkpoints.load(connection, name)
        build = next(row for row in rows if not row.active)
        await self._wake(name)
        await self._until_switched(build)

    async def _until_switched(self, build: checkpoints.Checkpoint) -> None:
        while True:
            rows = await checkpoints.load(self.pool, build.name)
            row = next((r for r in rows if r.schema_name == build.schema_name), None)
            if row is None:
                raise RuntimeError(f"the rebuild of {build.name} was abandoned (newer version)")
            if row.active:
                return
            if row.state == "failed":
                raise ProjectionFailed.recorded(row)
            await self._next_change(min(self.poll_interval, FALLBACK_POLL))

    async def restart(self, name: str) -> None:
        """Retry a failed projection (after its handlers were fixed)."""
        self._projection(name)
        await checkpoints.clear_failure(self.pool, name)
        await self._wake(name)

    async def wait_for_position(
        self,
        names: Collection[str],
        position: int,
        timeout: float,  # noqa: ASYNC109 - the contract: raise ProjectionTimeout, not cancel
    ) -> None:
        await wait_until_reached(self.pool, names, position, timeout, self._next_change)

    async def run_until_caught_up(self) -> None:
        """Wait (the runner started) until every projection has applied the log up to its
        head at the time of the call, with its current version and no rebuild pending."""
        head = await self.pool.fetchval(_HEAD)
        while not await self._caught_up(head):
            await self._next_change(min(self.poll_interval, FALLBACK_POLL))

    async def _caught_up(self, head: int) -> bool:
        done = True
        for name, projection in self.projections.items():
            rows = await checkpoints.load(self.pool, name)
            for row in rows:
                if row.state == "failed":
                    raise ProjectionFailed.recorded(row)
            active = [r for r in rows if r.active and r.version == projection.version]
            if len(rows) != 1 or not active or active[0].position < head:
                done = False
        return done

    def _projection(self, name: str) -> Projection:
        if name not in self.projections:
            raise LookupError(f"no projection named {name!r}")
        return self.projections[name]

    async def _wake(self, name: str) -> None:
        self._workers[name].wake.set()
        await self.pool.execute("SELECT pg_notify($1, $2)", PROGRESS_CHANNEL, f"wake {name}")

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _next_change(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), seconds)

    async def _connect(self, application_name: str) -> asyncpg.Connection:
        settings = {"application_name": application_name}
        if self.role:
            settings["role"] = self.role
        connection = await asyncpg.connect(self.dsn, server_settings=settings)
        await init_connection(connection)
        return connection

    async def _listen(self) -> None:
        while True:
            try:
                await self._listen_once()
            except CONNECTION_LOST as error:
                log.warning("projection listener: connection lost (%s)", error)
            except Exception:
                log.exception("projection listener: unexpected error")
            await asyncio.sleep(self.poll_interval)

    async def _listen_once(self) -> None:
        connection = await self._connect("hub-projection-listener")
        closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())
        try:
            await connection.add_listener(EVENTS_CHANNEL, self._on_events)
            await connection.add_listener(PROGRESS_CHANNEL, self._on_progress)
            for worker in self._workers.values():
                worker.wake.set()  # catch up with whatever was sent while we were away
            await closed.wait()
        finally:
            connection.terminate()

    def _on_events(self, *_: Any) -> None:
        for worker in self._workers.values():
            if worker.holding:
                worker.wake.set()

    def _on_progress(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        kind, _, name = payload.partition(" ")
        if kind == "wake" and name in self._workers:
            self._workers[name].wake.set()
        self._signal()
