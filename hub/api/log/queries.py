"""Queries on the log itself: paged history and the chain head (scope audit:read)."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.errors import InvalidInput
from hub.api.log.types import LoggedEvent, LogHead
from hub.api.pagination import Connection, connection, decode_cursor, page_size
from hub.api.permissions import require
from hub.eventstore import EventStore, RecordedEvent

_PAGE = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events
WHERE position > $1
  AND ($2::text IS NULL OR stream_id = $2)
  AND ($3::text[] IS NULL OR event_type = ANY($3))
ORDER BY position
LIMIT $4
"""


@strawberry.type
class LogQueries:
    @strawberry.field(description="The log in position order (scope audit:read).")
    async def event_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        stream_id: strawberry.ID | None = None,
        event_types: list[str] | None = None,
    ) -> Connection[LoggedEvent]:
        require(info, "audit:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        start = decode_cursor(after) or 0
        if not isinstance(start, int) or start < 0:
            raise InvalidInput("invalid cursor")
        rows = await info.context.database.pool.fetch(
            _PAGE, start, stream_id, event_types, size + 1
        )
        events = [RecordedEvent(**row) for row in rows]
        return connection(
            events, size, LoggedEvent.from_recorded, lambda e: e.position, start > 0
        )

    @strawberry.field(description="The last position and chain hash (scope audit:read).")
    async def log_head(self, info: Info) -> LogHead:
        require(info, "audit:read")
        head = await EventStore(info.context.database.pool, ()).head()
        return LogHead.from_head(head)
