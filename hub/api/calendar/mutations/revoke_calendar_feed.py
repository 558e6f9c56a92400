"""revokeCalendarFeed: the URL stops working at once (404)."""

from __future__ import annotations

import strawberry

from hub.api.calendar.access import feed_owner, found, owner_filter
from hub.api.calendar.types import CalendarFeed
from hub.api.context import Info
from hub.api.mutations.common import parse_id
from hub.integrations import calendar_store


@strawberry.type
class RevokeCalendarFeedMutation:
    @strawberry.mutation(description="Revoke one of the caller's calendar URLs (admin: any).")
    async def revoke_calendar_feed(self, info: Info, id: strawberry.ID) -> CalendarFeed:
        owner = owner_filter(feed_owner(info))
        async with info.context.database.pool.acquire() as conn:
            with found():
                row = await calendar_store.revoke(conn, parse_id(id), owner)
        return CalendarFeed.from_row(row)
