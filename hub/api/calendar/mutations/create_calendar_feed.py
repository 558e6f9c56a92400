"""createCalendarFeed: a secret calendar URL for a project or an organisation, shown once."""

from __future__ import annotations

import strawberry

from hub.api.calendar.access import feed_owner, viewer_of
from hub.api.calendar.types import CalendarFeed, CalendarFeedWithUrl
from hub.api.context import Info
from hub.api.errors import Forbidden, NotFound
from hub.api.mutations.common import choice, parse_id
from hub.integrations import calendar_store
from hub.integrations.calendar_scope import granted, target_exists
from hub.integrations.calendar_store import FeedKind


@strawberry.input(description="Whose calendar: a project, or an organisation's projects.")
class CreateCalendarFeedInput:
    kind: str = strawberry.field(description="project or organisation.")
    target_id: strawberry.ID = strawberry.field(description="The project's or organisation's id.")


@strawberry.type
class CreateCalendarFeedMutation:
    @strawberry.mutation(
        description="A new calendar URL (scope projects:read); it shows what the caller may "
        "see now, until revoked."
    )
    async def create_calendar_feed(
        self, info: Info, input: CreateCalendarFeedInput
    ) -> CalendarFeedWithUrl:
        viewer = viewer_of(info, feed_owner(info))
        kind = choice(FeedKind, input.kind, "kind")
        target = parse_id(input.target_id, "targetId")
        async with info.context.database.pool.acquire() as conn, conn.transaction():
            if not await target_exists(conn, kind, target):
                raise NotFound(f"no {kind} {target}")
            if kind == FeedKind.PROJECT and not await granted(conn, viewer, target):
                raise Forbidden("the caller's grant does not reach this project")
            row, token = await calendar_store.create(conn, viewer, kind, target)
        url = f"{info.context.settings.auth_issuer.rstrip('/')}/calendar/{token}.ics"
        return CalendarFeedWithUrl(feed=CalendarFeed.from_row(row), url=url)
