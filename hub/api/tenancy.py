"""Tenancy: which projects' finance a caller may read.

Rules (``finance_projects_visible``), computed once per request:

- ``admin``, or ``audit:read`` (an auditor), sees every project;
- anyone else sees the projects its organisation belongs to, now or in the past
  (``read.partnerships`` keeps withdrawn partners). The token's ``org`` claim is the
  organisation's id in the directory; a claim that is not an id matches no organisation,
  so such a caller sees no finance at all (fail closed);
- a grant limited to named projects (``projects`` claim: ids or acronyms, any case) or to a
  programme (``programme`` claim) only ever narrows what the rules above give.

A partner sees the whole finance of its projects (every partner's budget and reports),
as partners of a consortium do in the programmes' monitoring systems, and nothing of the
projects it is not in.

How resolvers apply it: a project named in an argument (``projectId``) that the caller may
not see is refused with FORBIDDEN (whether or not it exists, so ids cannot be probed);
every other filter (partner, report, period...) and every list without a project
narrows to the visible projects inside its SQL, so pages and cursors never reach a row
outside them (a hidden report asked by id gives an empty page).
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from hub.api.context import Caller, Context, Info
from hub.api.errors import Forbidden

_CACHE_KEY = "tenancy:finance_projects"

ORGANISATION_PROJECTS = (
    "SELECT DISTINCT project_id FROM read.partnerships WHERE organisation_id = $1"
)
NAMED_PROJECTS = (
    "SELECT project_id FROM read.projects"
    " WHERE project_id::text = ANY($1::text[]) OR lower(acronym) = ANY($2::text[])"
)
PROGRAMME_PROJECTS = "SELECT project_id FROM read.projects WHERE programme = $1"


async def finance_projects_visible(info: Info) -> set[UUID] | None:
    """The ids of the projects whose finance the caller may read; None means all of them."""
    cache = info.context.loaders
    task = cache.get(_CACHE_KEY)
    if task is None:
        task = cache[_CACHE_KEY] = asyncio.ensure_future(_visible(info.context))
    visible: set[UUID] | None = await task
    return None if visible is None else set(visible)


async def can_read_finance(info: Info, project_id: UUID) -> bool:
    """Whether the caller holds ``finance:read`` and may see ``project_id``'s finance."""
    if not info.context.caller.has("finance:read"):
        return False
    visible = await finance_projects_visible(info)
    return visible is None or project_id in visible


async def require_finance_project(info: Info, project_id: UUID) -> None:
    """Refuse (FORBIDDEN) a project whose finance the caller may not read."""
    if not await can_read_finance(info, project_id):
        raise Forbidden("this project's finance is not visible to the caller")


def organisation_id(caller: Caller) -> UUID | None:
    """The directory id the caller's organisation claim names (None if it names none)."""
    try:
        return UUID(caller.organisation) if caller.organisation else None
    except ValueError:
        return None


async def _visible(context: Context) -> set[UUID] | None:
    caller, pool = context.caller, context.database.pool
    visible: set[UUID] | None = None
    if not ({"admin", "audit:read"} & caller.scopes):
        organisation = organisation_id(caller)
        rows = [] if organisation is None else await pool.fetch(ORGANISATION_PROJECTS, organisation)
        visible = {row["project_id"] for row in rows}
    if caller.projects is not None:
        names = sorted(caller.projects)
        rows = await pool.fetch(NAMED_PROJECTS, names, [n.lower() for n in names])
        visible = _narrow(visible, {row["project_id"] for row in rows})
    programme = _programme(context)
    if programme is not None:
        rows = await pool.fetch(PROGRAMME_PROJECTS, programme)
        visible = _narrow(visible, {row["project_id"] for row in rows})
    return visible


def _narrow(visible: set[UUID] | None, allowed: set[UUID]) -> set[UUID]:
    return allowed if visible is None else visible & allowed


def _programme(context: Context) -> str | None:
    """A grant limited to a programme. ``Caller`` does not carry the claim yet: read it from
    the authenticated user the OAuth layer put on the request."""
    programme = getattr(context.caller, "programme", None)
    if programme is None and context.request is not None:
        user: Any = context.request.scope.get("user")
        programme = getattr(user, "programme", None)
    return programme if isinstance(programme, str) else None
