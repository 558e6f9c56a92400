"""A value loaded from the database and reloaded when older than a few seconds.

The API checks revocations and signing keys against such values: no query per request, and
a change made anywhere (another replica, `hub clients disable`) is seen within the interval.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class RefreshFailed(ConnectionError):
    """The reload this caller waited for failed; the caller fails with it."""


class Refreshing(Generic[T]):
    def __init__(self, load: Callable[[], Awaitable[T]], interval_s: float) -> None:
        self._load = load
        self._interval = interval_s
        self._value: T | None = None
        self._loaded_at = -float("inf")
        self._lock = asyncio.Lock()
        self._attempts = 0
        self._failed = False

    async def get(self) -> T:
        if self._stale():
            attempt = self._attempts
            async with self._lock:
                if self._stale():
                    if self._attempts != attempt and self._failed:
                        # the load this caller queued behind has just failed (the database
                        # is down): fail at once rather than each waiter trying in turn
                        raise RefreshFailed("could not reload from the database")
                    await self._reload()
        assert self._value is not None
        return self._value

    async def _reload(self) -> None:
        self._attempts += 1
        self._failed = True
        self._value = await self._load()
        self._failed = False
        self._loaded_at = time.monotonic()

    def expire(self) -> None:
        """Reload on next use (after a change made by this process)."""
        self._loaded_at = -float("inf")

    def _stale(self) -> bool:
        return time.monotonic() - self._loaded_at >= self._interval
