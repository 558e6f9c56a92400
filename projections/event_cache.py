"""Recently read events, shared by the projections of one process.

Every projection reads the same stretch of the log; without sharing, nine read models read
(and decode) every event nine times. Positions are gap-free and an event never changes once
readers can see it (commit order equals position order), so a cached run of consecutive
positions is as good as the database: a projection takes the cached run that starts right
after its checkpoint and reads from the database only when there is none.
"""

from __future__ import annotations

from collections import OrderedDict

import asyncpg

from hub.eventstore import RecordedEvent

_READ = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events WHERE position > $1 ORDER BY position LIMIT $2
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
        rows = await connection.fetch(_READ, position, size)
        self.reads += 1
        events = [RecordedEvent(*row) for row in rows]
        for event in events:
            self._events[event.position] = event
        while len(self._events) > self.capacity:
            self._events.popitem(last=False)
        return events

    def _run(self, position: int, size: int) -> list[RecordedEvent]:
        run: list[RecordedEvent] = []
        next_position = position + 1
        while len(run) < size and (event := self._events.get(next_position)) is not None:
            run.append(event)
            next_position += 1
        return run
