"""One entry of an audit trail: an event that touched an entity, and who asked for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from hub.api.scalars import BigInt


@strawberry.type(description="An event that touched an entity: what, when, who, for whom.")
class AuditEntry:
    position: BigInt = strawberry.field(description="The event's position in the log.")
    stream_id: strawberry.ID = strawberry.field(description="The entity the event touched.")
    stream_type: str
    stream_version: int = strawberry.field(description="The entity's version after the event.")
    event_type: str
    schema_version: int
    project_id: strawberry.ID | None
    actor: str | None
    organisation: str | None
    client_id: str | None = strawberry.field(description="The OAuth client that sent it.")
    on_behalf_of: str | None
    command: str | None
    correlation_id: str | None
    recorded_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> AuditEntry:
        project = row["project_id"]
        return cls(
            position=BigInt(row["position"]),
            stream_id=strawberry.ID(row["stream_id"]),
            stream_type=row["stream_type"],
            stream_version=row["stream_version"],
            event_type=row["event_type"],
            schema_version=row["schema_version"],
            project_id=None if project is None else strawberry.ID(str(project)),
            actor=row["actor"],
            organisation=row["organisation"],
            client_id=row["client_id"],
            on_behalf_of=row["on_behalf_of"],
            command=row["command"],
            correlation_id=row["correlation_id"],
            recorded_at=row["recorded_at"],
        )
