"""One LISTEN connection per process, fanned out to whoever waits for new events.

Notifications only wake waiters; the log is the truth. A waiter also re-reads the head
every ``poll_interval`` seconds, so a lost notification only delays it.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg

CHANNEL = "hub_events"
_HEAD = "SELECT coalesce(max(position), 0) FROM events"


class EventFeed:
    def __init__(self, dsn: str, pool: asyncpg.Pool, poll_interval: float = 1.0) -> None:
        self.dsn = dsn
        self.pool = pool
        self.poll_interval = poll_interval
        self.head = 0
        self._connection: asyncpg.Connection | None = None
        self._waiters: set[asyncio.Future[None]] = set()

    async def start(self) -> None:
        self._connection = await asyncpg.connect(self.dsn)
        await self._connection.add_listener(CHANNEL, self._notified)
        self.head = await self._stored_head()

    async def stop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()
            self._connection = None
        self._wake()

    def _notified(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self.head = max(self.head, int(payload))
        self._wake()

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_beyond(self, position: int) -> int:
        """Return the head once it is past ``position``."""
        while self.head <= position:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, self.poll_interval)
            except TimeoutError:
                self._waiters.discard(waiter)
                self.head = max(self.head, await self._stored_head())
        return self.head

    async def _stored_head(self) -> int:
        """The log's last position; 0 while the log does not exist yet (not migrated)."""
        try:
            return int(await self.pool.fetchval(_HEAD))
        except asyncpg.UndefinedTableError:
            return 0
