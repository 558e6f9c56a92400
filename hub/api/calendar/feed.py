"""``GET /calendar/<token>.ics``: a calendar feed, opened by its secret token alone.

The route is public (calendar clients send no bearer token): the token is the credential.
Unknown, revoked and disabled-owner tokens all answer the same 404. The ETag is the
document's SHA-256, so a client polling with ``If-None-Match`` gets 304 until a deadline,
a state or a payment changes.
"""

from __future__ import annotations

import asyncio
import hashlib

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hub.database import Database
from hub.integrations import calendar_store
from hub.integrations.calendar_entries import entries
from hub.integrations.calendar_ics import calendar
from hub.integrations.calendar_scope import scope_of
from hub.settings import Settings

_NAMES = {
    "project": "SELECT acronym || ' - ' || title FROM read.projects WHERE project_id = $1",
    "organisation": "SELECT name FROM read.organisations WHERE organisation_id = $1",
}


async def calendar_feed(request: Request) -> Response:
    database: Database = request.app.state.database
    settings: Settings = request.app.state.settings
    token = request.path_params["token"]
    async with database.pool.acquire() as connection, connection.transaction(readonly=True):
        feed = await calendar_store.by_token(connection, token)
        if feed is None:
            return PlainTextResponse("no such calendar", status_code=404)
        kind, target = feed["kind"], feed["target_id"]
        scope = await scope_of(connection, calendar_store.Viewer.from_row(feed), kind, target)
        found = await entries(connection, scope)
        name = await connection.fetchval(_NAMES[kind], target) or "Calendar"
    body = await asyncio.to_thread(calendar, name, found)
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    headers = {
        "ETag": etag,
        "Cache-Control": f"private, max-age={settings.calendar_max_age_seconds}",
        "Referrer-Policy": "no-referrer",
    }
    if etag in _tags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
