"""GraphQL types of calendar feeds."""

from __future__ import annotations

from datetime import datetime

import asyncpg
import strawberry


@strawberry.type(description="A secret calendar URL (iCalendar) of a project or organisation.")
class CalendarFeed:
    id: strawberry.ID
    kind: str = strawberry.field(description="project or organisation.")
    target_id: strawberry.ID = strawberry.field(description="The project's or organisation's id.")
    created_at: datetime
    revoked_at: datetime | None = strawberry.field(description="Null while the URL works.")

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> CalendarFeed:
        return cls(
            id=strawberry.ID(str(row["feed_id"])),
            kind=row["kind"],
            target_id=strawberry.ID(str(row["target_id"])),
            created_at=row["created_at"],
            revoked_at=row["revoked_at"],
        )


@strawberry.type(description="A new feed and its URL, shown once: the URL is the credential.")
class CalendarFeedWithUrl:
    feed: CalendarFeed
    url: str = strawberry.field(description="https://…/calendar/<token>.ics")
