"""The event cache shared by a process's projections."""

from __future__ import annotations

from hub.database import Database
from hub.eventstore import EventStore, NewEvent
from projections.event_cache import EventCache


async def fill(database: Database, count: int) -> None:
    store = EventStore(database.pool, {"Project"})
    await store.append(
        "s", "Project", 0, [NewEvent("Project.Noted", {"n": n}) for n in range(count)]
    )


async def test_projections_reading_the_same_stretch_read_the_database_once(fresh_database):
    await fill(fresh_database, 30)
    cache = EventCache()
    async with fresh_database.pool.acquire() as connection:
        runs = [await cache.after(connection, 0, 10) for _ in range(9)]
        rest = await cache.after(connection, 10, 100)
    assert cache.reads == 2
    assert all([e.position for e in run] == list(range(1, 11)) for run in runs)
    assert [e.position for e in rest] == list(range(11, 31))


async def test_a_cached_run_never_skips_a_position(fresh_database):
    await fill(fresh_database, 12)
    cache = EventCache(capacity=5)
    async with fresh_database.pool.acquire() as connection:
        first = await cache.after(connection, 0, 8)
        again = await cache.after(connection, 0, 8)
        later = await cache.after(connection, 8, 8)
    assert [e.position for e in first] == list(range(1, 9))
    assert [e.position for e in again] == list(range(1, 9))
    assert [e.position for e in later] == [9, 10, 11, 12]
