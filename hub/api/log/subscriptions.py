"""The live feed: history after a position, then new events as they commit, with no gap
and no duplicate (the feed always reads the log after the last position it sent)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from hub.api.context import Info
from hub.api.log.types import LoggedEvent
from hub.api.permissions import FINANCE_STREAM_TYPES, hidden_stream_types, require
from hub.api.scalars import BigInt
from hub.api.tenancy import finance_projects_visible
from hub.eventstore import RecordedEvent

_BATCH = 500
_NEXT = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events e
WHERE position > $1 AND position <= $2
  AND NOT (stream_type = ANY($3::text[]))
  AND ($4::text[] IS NULL OR event_type = ANY($4))
  AND ($5::text IS NULL OR stream_id = $5 OR payload->>'project_id' = $5)
  AND ($7::uuid[] IS NULL OR NOT (stream_type = ANY($8::text[])) OR (
        SELECT (first.payload->>'project_id')::uuid FROM events first
        WHERE first.stream_id = e.stream_id AND first.stream_version = 1) = ANY($7::uuid[]))
ORDER BY position
LIMIT $6
"""


@strawberry.type
class LogSubscriptions:
    @strawberry.subscription(
        description="Events the caller may see, from `after` (default: now) onwards: finance "
        "events only of projects its organisation takes part in (unless admin or auditor)."
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
        visible = await finance_projects_visible(info) if caller.has("finance:read") else None
        finance = sorted(FINANCE_STREAM_TYPES)
        last = feed.head if after is None else int(after)
        while True:
            head = await feed.wait_beyond(last)
            rows = await pool.fetch(
                _NEXT, last, head, hidden, event_types, project_id, _BATCH,
                None if visible is None else list(visible), finance,
            )  # fmt: skip
            for row in rows:
                yield LoggedEvent.from_recorded(RecordedEvent(**row))
            last = rows[-1]["position"] if len(rows) == _BATCH else head

