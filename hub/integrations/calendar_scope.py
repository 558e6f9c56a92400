"""Which projects a calendar feed covers, under the rules the GraphQL layer applies.

A project feed covers its project; an organisation feed, the projects the organisation is or
was a partner of. Either is narrowed by a grant limited to named projects or a programme.
Finance (payments) needs ``finance:read`` and then only the projects hub.api.tenancy lets
the viewer read (its own organisation's, every one for ``admin`` / ``audit:read``).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from hub.integrations.calendar_store import Viewer
from hub.integrations.webhook_audience import Audience, finance_projects, granted_projects

_ORGANISATION_PROJECTS = (
    "SELECT DISTINCT project_id FROM read.partnerships WHERE organisation_id = $1"
)
_EXISTS = {
    "project": "SELECT EXISTS (SELECT FROM read.projects WHERE project_id = $1)",
    "organisation": "SELECT EXISTS (SELECT FROM read.organisations WHERE organisation_id = $1)",
}


@dataclass(frozen=True)
class FeedScope:
    projects: frozenset[UUID]
    finance_projects: frozenset[UUID]
    organisation: UUID | None  # an organisation feed's organisation


def audience(viewer: Viewer) -> Audience:
    """The viewer in the shape the webhook rules take (they are the same rules)."""
    restrictions: dict[str, object] = {}
    if viewer.projects is not None:
        restrictions["projects"] = sorted(viewer.projects)
    if viewer.programme is not None:
        restrictions["programme"] = viewer.programme
    return Audience(viewer.subject, viewer.organisation or "", viewer.scopes, restrictions, False)


async def target_exists(connection: asyncpg.Connection, kind: str, target_id: UUID) -> bool:
    return bool(await connection.fetchval(_EXISTS[kind], target_id))


async def granted(connection: asyncpg.Connection, viewer: Viewer, project_id: UUID) -> bool:
    """Whether a grant limited to named projects or a programme reaches this project."""
    limit = await granted_projects(connection, audience(viewer))
    return limit is None or project_id in limit


async def scope_of(
    connection: asyncpg.Connection, viewer: Viewer, kind: str, target_id: UUID
) -> FeedScope:
    who = audience(viewer)
    if kind == "project":
        projects = {target_id}
    else:
        rows = await connection.fetch(_ORGANISATION_PROJECTS, target_id)
        projects = {row["project_id"] for row in rows}
    limit = await granted_projects(connection, who)
    if limit is not None:
        projects &= limit
    finance: set[UUID] = set()
    if viewer.has("finance:read"):
        readable = await finance_projects(connection, who)
        finance = set(projects) if readable is None else projects & readable
    organisation = target_id if kind == "organisation" else None
    return FeedScope(frozenset(projects), frozenset(finance), organisation)
