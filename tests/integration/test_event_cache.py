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


async def test_a_filtered_read_sends_only_wanted_events_and_reports_the_stretch_read(
    fresh_database,
):
    store = EventStore(fresh_database.pool, {"Project"})
    kinds = ["Project.Noted", "Project.Named", "Project.Noted", "Project.Closed"]
    await store.append(
        "s", "Project", 0, [NewEvent(kind, {"n": n}) for n, kind in enumerate(kinds)]
    )
    cache = EventCache()
    async with fresh_database.pool.acquire() as connection:
        last, named = await cache.wanted_after(connection, 0, 3, {"Project.Named"})
        none_last, none = await cache.wanted_after(connection, 3, 10, {"Project.Named"})
        past_head = await cache.wanted_after(connection, 4, 10, {"Project.Named"})
        everything = await cache.after(connection, 0, 10)
    assert (last, [(e.position, e.payload) for e in named]) == (3, [(2, {"n": 1})])
    assert (none_last, none) == (4, [])
    assert past_head == (None, [])
    # filtered reads are not cached: the whole read went to the database
    assert cache.reads == 4
    assert [e.position for e in everything] == [1, 2, 3, 4]


async def test_a_cached_run_serves_a_filtered_reader(fresh_database):
    await fill(fresh_database, 5)
    cache = EventCache()
    async with fresh_database.pool.acquire() as connection:
        await cache.after(connection, 0, 10)
        last, events = await cache.wanted_after(connection, 2, 10, {"Project.Noted"})
    assert cache.reads == 1
    assert last == 5
    assert [e.position for e in events] == [3, 4, 5]


class _LateCache(EventCache):
    """A cache whose whole read ran just before the events committed."""

    async def after(self, connection, position, size):
        return []


async def test_a_reader_of_every_event_that_found_none_moves_past_nothing(fresh_database):
    await fill(fresh_database, 3)
    async with fresh_database.pool.acquire() as connection:
        assert await _LateCache().wanted_after(connection, 0, 10, None) == (None, [])
