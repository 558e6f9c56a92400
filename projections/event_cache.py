"""Recently read events, shared by the projections of one process.

Every projection reads the same stretch of the log; without sharing, nine read models read
(and decode) every event nine times. Positions are gap-free and an event never changes once
readers can see it (commit order equals position order), so a cached run of consecutive
positions is as good as the database: a projection takes the cached run that starts right
after its checkpoint and reads from the database only when there is none.

Projections drift apart (one wanting a few event types races ahead of one applying most
of the log), further than the cache holds once the log is large. A projection that wants
only some event types therefore reads a missing stretch with its filter: PostgreSQL sends
the events it wants only, so the others cost neither transfer nor JSON decoding. Such
partial reads are not cached; whole ones (projections wanting every event) are.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection

import asyncpg

from hub.eventstore import RecordedEvent

READ_AFTER = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events WHERE position > $1 ORDER BY position LIMIT $2
"""

# The wanted events among the positions after $1, at most $2 of them, and the head. No
# visible event lies past the head (positions are gap-free), so the stretch read ends at
# $1 + $2 or at the head, whichever comes first. The bounds are plain values, so the
# planner takes the primary key's range even before the table has statistics.
_READ_WANTED = """
SELECT (SELECT max(position) FROM events) AS head, e.position, e.stream_id, e.stream_type,
       e.stream_version, e.event_type, e.schema_version, e.payload, e.metadata,
       e.recorded_at, e.prev_hash, e.hash
FROM (SELECT) AS one
LEFT JOIN events e ON e.position > $1 AND e.position <= $1 + $2
    AND e.event_type = ANY($3::text[])
ORDER BY e.position
"""


class EventCache:
    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._events: OrderedDict[int, RecordedEvent] = OrderedDict()
        self.reads = 0  # database reads, for tests and benchmarks

    async def after(
        self, connection: asyncpg.Connection, position: int, size: int
    ) -> list[RecordedEvent]:
        """Up to ``size`` consecutive events after ``position`` (empty: none committed yet)."""
        cached = self._run(position, size)
        if cached:
            return cached
        rows = await connection.fetch(READ_AFTER, position, size)
        self.reads += 1
        events = [RecordedEvent(*row) for row in rows]
        for event in events:
            self._events[event.position] = event
        while len(self._events) > self.capacity:
            self._events.popitem(last=False)
        return events

    async def wanted_after(
        self,
        connection: asyncpg.Connection,
        position: int,
        size: int,
        types: Collection[str] | None,
    ) -> tuple[int | None, list[RecordedEvent]]:
        """The events of ``types`` (None: all) among the up to ``size`` positions after
        ``position``, and the last position of that stretch (None: nothing committed)."""
        cached = self._run(position, size)
        if not cached:
            if types is not None:
                return await self._read_wanted(connection, position, size, types)
            cached = await self.after(connection, position, size)
            if not cached:
                return None, []
        if types is None:
            return cached[-1].position, cached
        return cached[-1].position, [e for e in cached if e.event_type in types]

    async def _read_wanted(
        self, connection: asyncpg.Connection, position: int, size: int, types: Collection[str]
    ) -> tuple[int | None, list[RecordedEvent]]:
        """One query: the wanted events of the stretch and the head in the same snapshot
        (the stretch must not reach past events the reader has not seen)."""
        rows = await connection.fetch(_READ_WANTED, position, size, list(types))
        self.reads += 1
        head = rows[0][0]
        if head is None or head <= position:
            return None, []
        events = [RecordedEvent(*row[1:]) for row in rows if row[1] is not None]
        return min(position + size, head), events

    def _run(self, position: int, size: int) -> list[RecordedEvent]:
        run: list[RecordedEvent] = []
        next_position = position + 1
        while len(run) < size and (event := self._events.get(next_position)) is not None:
            run.append(event)
            next_position += 1
        return run
