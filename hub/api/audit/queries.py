"""Audit trails: the events that touched an entity, and every event of a project's streams.

Scope audit:read or projects:read; either way, events of stream types the caller may not
see (finance without finance:read, personal data without audit:read) are left out, and an
auditor whose grant names projects sees only theirs.
"""

from __future__ import annotations

import strawberry

from hub.api.audit import data
from hub.api.audit.types import AuditEntry
from hub.api.context import Caller, Info
from hub.api.directory.types import parse_id
from hub.api.errors import Forbidden, InvalidInput
from hub.api.pagination import Connection, connection, decode_cursor, page_size


def reader(info: Info) -> Caller:
    caller = info.context.caller
    if not (caller.has("audit:read") or caller.has("projects:read")):
        raise Forbidden("this needs the scope audit:read or projects:read", scope="audit:read")
    return caller


def after_position(cursor: str | None) -> int:
    start = decode_cursor(cursor) or 0
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise InvalidInput("invalid cursor")
    return start


async def page(
    info: Info, sql: str, first: int | None, after: str | None, *args: object
) -> Connection[AuditEntry]:
    caller = reader(info)
    size = page_size(first, info.context.settings.graphql_max_page_size)
    start = after_position(after)
    rows = await info.context.database.pool.fetch(
        sql, start, data.hidden(caller), data.granted_projects(caller), size + 1, *args
    )
    return connection(rows, size, AuditEntry.from_row, lambda r: r["position"], start > 0)


@strawberry.type
class AuditQueries:
    @strawberry.field(description="The events that touched an entity, in log order.")
    async def audit_trail(
        self,
        info: Info,
        entity_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        return await page(info, data.ENTITY_TRAIL, first, after, str(entity_id))

    @strawberry.field(description="The events of every stream of a project, in log order.")
    async def project_activity_feed(
        self,
        info: Info,
        project_id: strawberry.ID,
        stream_types: list[str] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        project = parse_id(project_id)
        return await page(info, data.PROJECT_FEED, first, after, project, stream_types)
