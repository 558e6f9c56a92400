"""The live feed: history after a position, then new events as they commit, with no gap
and no duplicate (the feed always reads the log after the last position it sent)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from hub.api.context import Info
from hub.api.log.types import LoggedEvent
from hub.api.permissions import hidden_stream_types, require
from hub.api.scalars import BigInt
from hub.eventstore import RecordedEvent

_BATCH = 500
_NEXT = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events
WHERE position > $1 AND position <= $2
  AND NOT (stream_type = ANY($3::text[]))
  AND ($4::text[] IS NULL OR event_type = ANY($4))
  AND ($5::text IS NULL OR stream_id = $5 OR payload->>'project_id' = $5)
ORDER BY position
LIMIT $6
"""


@strawberry.type
class LogSubscriptions:
    @strawberry.subscription(
        description="Events the caller may see, from `after` (default: now) onwards."
    )
    async def events(
        self,
        info: Info,
        after: BigInt | None = None,
        project_id: strawberry.ID | None = None,
        event_types: list[str] | None = None,
    ) -> AsyncGenerator[LoggedEvent, None]:
        caller = require(info, "projects:read")
        feed = info.context.loaders["event_feed"]
        pool = info.context.database.pool
        hidden = sorted(hidden_stream_types(caller))
        last = feed.head if after is None else int(after)
        while True:
            head = await feed.wait_beyond(last)
            rows = await pool.fetch(_NEXT, last, head, hidden, event_types, project_id, _BATCH)
            for row in rows:
                yield LoggedEvent.from_recorded(RecordedEvent(**row))
            last = rows[-1]["position"] if len(rows) == _BATCH else head

