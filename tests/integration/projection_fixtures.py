"""A tiny projection for the runner's tests: events counted per stream type.

Its table is named after the projection, so several can run side by side. Version 2
adds a column (the last position seen), so a rebuild to it is visible to readers.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Collection, Sequence
from typing import Any

import asyncpg

from hub.eventstore import EventStore, NewEvent, RecordedEvent
from projections import Projection, ProjectionRunner

STREAM_TYPES = ("Project", "Organisation", "Person")
EVENT_TYPES = ("Noted", "Poisoned")

_COUNT = """
INSERT INTO {table} AS t (stream_type, events, position_sum)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
ON CONFLICT (stream_type) DO UPDATE
SET events = t.events + excluded.events, position_sum = t.position_sum + excluded.position_sum
"""

_COUNT_V2 = """
INSERT INTO {table} AS t (stream_type, events, position_sum, last_position)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])
ON CONFLICT (stream_type) DO UPDATE
SET events = t.events + excluded.events, position_sum = t.position_sum + excluded.position_sum,
    last_position = excluded.last_position
"""

# The same count made inside PostgreSQL over the batch's stretch of the log; a poisoned
# event divides by zero.
_COUNT_IN_DATABASE = """
INSERT INTO {table} AS t (stream_type, events, position_sum)
SELECT stream_type, count(*),
       sum(position / CASE WHEN event_type = ANY($3::text[]) THEN 0 ELSE 1 END)
FROM events WHERE position > $1 AND position <= $2 GROUP BY stream_type
ON CONFLICT (stream_type) DO UPDATE
SET events = t.events + excluded.events, position_sum = t.position_sum + excluded.position_sum
"""


def counting_projection(
    name: str,
    version: int = 1,
    *,
    per_event: bool = False,
    in_database: bool = False,
    poison: Collection[str] = frozenset(),
    gate: asyncio.Event | None = None,
    at_gate: asyncio.Event | None = None,
    delay: float = 0.0,
) -> Projection:
    """``per_event``: handlers per event; ``in_database``: ``apply_range`` (version 1 only);
    ``poison``: event types whose handling raises (a live set: clear it to fix);
    ``gate``: batches wait for it (and set ``at_gate`` when they do);
    ``delay``: seconds each batch takes in addition."""
    extra = ", last_position bigint" if version >= 2 else ""
    tables = (
        f"CREATE TABLE {name} (stream_type text PRIMARY KEY, events bigint NOT NULL, "
        f"position_sum bigint NOT NULL{extra})"
    )
    upsert = (_COUNT_V2 if version >= 2 else _COUNT).format(table=name)

    async def apply_batch(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
        if gate is not None:
            if at_gate is not None:
                at_gate.set()
            await gate.wait()
        if delay:
            await asyncio.sleep(delay)
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for event in events:
            if event.event_type in poison:
                raise ValueError(f"cannot count {event.event_type} of {event.stream_id}")
            total = totals[event.stream_type]
            total[0] += 1
            total[1] += event.position
            total[2] = event.position
        columns = [list(totals), *([t[i] for t in totals.values()] for i in range(3))]
        await connection.execute(upsert, *columns[: 4 if version >= 2 else 3])

    async def handle(connection: asyncpg.Connection, event: RecordedEvent) -> None:
        await apply_batch(connection, [event])

    async def apply_range(connection: asyncpg.Connection, after: int, last: int) -> None:
        await connection.execute(_COUNT_IN_DATABASE.format(table=name), after, last, [*poison])

    if per_event:
        return Projection(name, version, tables, handlers=dict.fromkeys(EVENT_TYPES, handle))
    if in_database:
        return Projection(name, version, tables, apply_range=apply_range)
    return Projection(name, version, tables, apply_batch=apply_batch)


async def append_events(pool: asyncpg.Pool, count: int, event_type: str = "Noted") -> int:
    """Append ``count`` events over the stream types, 25 per stream; return the last position."""
    store = EventStore(pool, STREAM_TYPES)
    sizes = [min(25, count - start) for start in range(0, count, 25)]
    results = await asyncio.gather(
        *(
            store.append(
                str(uuid.uuid4()),
                STREAM_TYPES[i % len(STREAM_TYPES)],
                0,
                [NewEvent(event_type, {"n": n}) for n in range(size)],
            )
            for i, size in enumerate(sizes)
        )
    )
    return max(result.last_position for result in results)


async def digest(pool: asyncpg.Pool | asyncpg.Connection, table: str) -> str:
    """A digest of a read model as readers see it (through schema ``read``)."""
    return await pool.fetchval(
        f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY stream_type), '')) "
        f'FROM "read".{table} t'
    )


async def expected_counts(pool: asyncpg.Pool) -> dict[str, tuple[int, int]]:
    """What the counting projection should hold, straight from the log."""
    rows = await pool.fetch(
        "SELECT stream_type, count(*), sum(position) FROM events GROUP BY stream_type"
    )
    return {row[0]: (row[1], int(row[2])) for row in rows}


async def counts(pool: asyncpg.Pool, table: str) -> dict[str, tuple[int, int]]:
    rows = await pool.fetch(f'SELECT stream_type, events, position_sum FROM "read".{table}')
    return {row[0]: (row[1], row[2]) for row in rows}


@contextlib.asynccontextmanager
async def running(
    dsn: str, pool: asyncpg.Pool, projections: Sequence[Projection], **options: Any
) -> AsyncIterator[ProjectionRunner]:
    options = {"poll_interval": 0.2, "lock_retry_interval": 0.05, **options}
    runner = ProjectionRunner(dsn, pool, projections, **options)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
