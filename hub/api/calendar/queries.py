"""The caller's calendar feeds (never their URLs: those are shown once)."""

from __future__ import annotations

import strawberry

from hub.api.calendar.access import feed_owner, owner_filter
from hub.api.calendar.types import CalendarFeed
from hub.api.context import Info
from hub.integrations import calendar_store


@strawberry.type
class CalendarQueries:
    @strawberry.field(description="The caller's calendar feeds, oldest first (admin: everyone's).")
    async def calendar_feeds(self, info: Info, include_revoked: bool = False) -> list[CalendarFeed]:
        owner = owner_filter(feed_owner(info))
        async with info.context.database.pool.acquire() as conn:
            rows = await calendar_store.feeds(conn, owner, include_revoked)
        return [CalendarFeed.from_row(row) for row in rows]
