"""Where the projections are: status for operators, and waiting for a position
(read-your-writes). Both read ``projection_checkpoints``, so any process can ask."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg

from projections.checkpoints import PROGRESS_CHANNEL, Queryable

if TYPE_CHECKING:
    from projections.runner import ProjectionRunner

FALLBACK_POLL = 0.5

_STATUS = """
SELECT a.name, a.version, a.position, h.head - a.position AS lag_events,
       coalesce(extract(epoch FROM now() - (
           SELECT e.recorded_at FROM events e WHERE e.position > a.position
           ORDER BY e.position LIMIT 1)), 0)::float8 AS lag_seconds,
       CASE WHEN a.state = 'running' AND b.name IS NOT NULL THEN 'rebuilding' ELSE a.state END,
       a.error, b.version AS rebuild_version, b.position AS rebuild_position,
       b.error AS rebuild_error
FROM projection_checkpoints a
CROSS JOIN (SELECT coalesce(max(position), 0) AS head FROM events) h
LEFT JOIN projection_checkpoints b ON b.name = a.name AND NOT b.active
WHERE a.active AND ($1::text[] IS NULL OR a.name = ANY($1::text[]))
ORDER BY a.name
"""

_POSITIONS = """
SELECT name, position, state FROM projection_checkpoints WHERE active AND name = ANY($1::text[])
"""


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    version: int
    position: int
    lag_events: int
    lag_seconds: float
    state: str  # running, failed, rebuilding (a new generation is being built beside)
    error: str | None
    rebuild_version: int | None = None
    rebuild_position: int | None = None
    rebuild_error: str | None = None


class ProjectionTimeout(Exception):
    """The projections did not reach the position in time."""

    def __init__(self, position: int, lagging: dict[str, str]) -> None:
        behind = ", ".join(f"{name} {where}" for name, where in sorted(lagging.items()))
        super().__init__(f"projections not at position {position} in time: {behind}")
        self.position = position
        self.lagging = lagging


async def projection_status(
    source: Queryable, names: Collection[str] | None = None
) -> list[ProjectionStatus]:
    """Every projection with tables (or those named), ordered by name."""
    rows = await source.fetch(_STATUS, None if names is None else list(names))
    return [ProjectionStatus(*row) for row in rows]


async def wait_for_position(
    source: asyncpg.Pool | ProjectionRunner,
    names: Collection[str],
    position: int,
    timeout: float,  # noqa: ASYNC109 - the contract: raise ProjectionTimeout, not cancel
) -> None:
    """Return once every named projection has applied the log up to ``position``;
    raise ProjectionTimeout after ``timeout`` seconds. Woken by the runners' progress
    notifications, with a slow poll in case one is missed."""
    if not isinstance(source, asyncpg.Pool):
        await source.wait_for_position(names, position, timeout)
        return
    async with source.acquire() as connection:
        changed = asyncio.Event()

        def listener(*_: Any) -> None:
            changed.set()

        await connection.add_listener(PROGRESS_CHANNEL, listener)
        try:
            await wait_until_reached(connection, names, position, timeout, _waiter(changed))
        finally:
            await connection.remove_listener(PROGRESS_CHANNEL, listener)


def _waiter(changed: asyncio.Event) -> Callable[[float], Awaitable[None]]:
    async def next_change(seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), seconds)
        changed.clear()

    return next_change


async def wait_until_reached(
    source: Queryable,
    names: Collection[str],
    position: int,
    timeout: float,  # noqa: ASYNC109
    next_change: Callable[[float], Awaitable[None]],
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        lagging = await _lagging(source, names, position)
        if not lagging:
            return
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise ProjectionTimeout(position, lagging)
        await next_change(min(remaining, FALLBACK_POLL))


async def _lagging(source: Queryable, names: Collection[str], position: int) -> dict[str, str]:
    rows = {row["name"]: row for row in await source.fetch(_POSITIONS, list(names))}
    lagging = {}
    for name in names:
        row = rows.get(name)
        if row is None:
            lagging[name] = "has no tables yet"
        elif row["position"] < position:
            lagging[name] = f"at {row['position']} ({row['state']})"
    return lagging
