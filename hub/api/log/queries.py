"""Queries on the log itself: paged history and the chain head (scope audit:read)."""

from __future__ import annotations

from datetime import datetime

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
  AND ($4::text IS NULL OR metadata->>'actor' = $4)
  AND ($5::text IS NULL OR metadata->>'organisation' = $5)
  AND ($6::text IS NULL OR metadata->>'client_id' = $6)
  AND ($7::timestamptz IS NULL OR recorded_at >= $7)
  AND ($8::timestamptz IS NULL OR recorded_at < $8)
ORDER BY position
LIMIT $9
"""


def _time_range(since: datetime | None, before: datetime | None) -> None:
    for moment in (since, before):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput("times need a UTC offset, e.g. 2026-03-01T00:00:00Z")
    if since is not None and before is not None and since >= before:
        raise InvalidInput("`recordedFrom` must be earlier than `recordedBefore`")


@strawberry.type
class LogQueries:
    @strawberry.field(
        description="The raw log in position order, for auditors (scope audit:read). Filters "
        "combine: a stream, event types, the actor, organisation or OAuth client that asked "
        "(from the metadata), and a recording time range [recordedFrom, recordedBefore)."
    )
    async def event_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        stream_id: strawberry.ID | None = None,
        event_types: list[str] | None = None,
        actor: str | None = None,
        organisation: str | None = None,
        client_id: str | None = None,
        recorded_from: datetime | None = None,
        recorded_before: datetime | None = None,
    ) -> Connection[LoggedEvent]:
        require(info, "audit:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        start = decode_cursor(after) or 0
        if not isinstance(start, int) or isinstance(start, bool) or start < 0:
            raise InvalidInput("invalid cursor")
        _time_range(recorded_from, recorded_before)
        rows = await info.context.database.pool.fetch(
            _PAGE, start, stream_id, event_types, actor, organisation, client_id,
            recorded_from, recorded_before, size + 1,
        )  # fmt: skip
        events = [RecordedEvent(**row) for row in rows]
        return connection(events, size, LoggedEvent.from_recorded, lambda e: e.position, start > 0)

    @strawberry.field(description="The last position and chain hash (scope audit:read).")
    async def log_head(self, info: Info) -> LogHead:
        require(info, "audit:read")
        head = await EventStore(info.context.database.pool, ()).head()
        return LogHead.from_head(head)
