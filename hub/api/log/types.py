"""GraphQL types of the event log."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from hub.api.scalars import BigInt
from hub.eventstore import Head, RecordedEvent


@strawberry.type(description="One fact of the append-only log, as stored.")
class LoggedEvent:
    position: BigInt
    stream_id: strawberry.ID
    stream_type: str
    stream_version: int
    event_type: str
    schema_version: int
    recorded_at: datetime
    payload: JSON
    metadata: JSON
    prev_hash: str
    hash: str

    @classmethod
    def from_recorded(cls, event: RecordedEvent) -> LoggedEvent:
        return cls(
            position=BigInt(event.position),
            stream_id=strawberry.ID(event.stream_id),
            stream_type=event.stream_type,
            stream_version=event.stream_version,
            event_type=event.event_type,
            schema_version=event.schema_version,
            recorded_at=event.recorded_at,
            payload=event.payload,
            metadata=event.metadata,
            prev_hash=event.prev_hash.hex(),
            hash=event.hash.hex(),
        )


@strawberry.type(description="The last position of the log and its chain hash.")
class LogHead:
    position: BigInt
    hash: str
    recorded_at: datetime | None

    @classmethod
    def from_head(cls, head: Head) -> LogHead:
        return cls(
            position=BigInt(head.position), hash=head.hash.hex(), recorded_at=head.recorded_at
        )
