"""Queries of the activities calendar and its carbon (scope projects:read)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry

from hub.api.activities import data
from hub.api.activities.types import Activity
from hub.api.context import Info
from hub.api.directory.types import parse_id
from hub.api.errors import InvalidInput, NotFound
from hub.api.loaders import loader
from hub.api.pagination import Connection, connection, decode_cursor, page_size
from hub.api.permissions import require

From = Annotated[date | None, strawberry.argument(name="from", description="First day.")]
To = Annotated[date | None, strawberry.argument(description="Last day (included).")]


@strawberry.type(description="Travel of one mode: its carbon, distance and legs.")
class CarbonByMode:
    mode: str
    kg_co2e: Decimal
    distance_km: Decimal
    passenger_km: Decimal = strawberry.field(description="Distance times travellers.")
    legs: int
    activities: int


@strawberry.type(description="Carbon of an owner's travel (Objectif 13), cancelled excluded.")
class CarbonSummary:
    owner_id: strawberry.ID
    from_: date | None = strawberry.field(name="from")
    to: date | None
    total_kg_co2e: Decimal
    by_mode: list[CarbonByMode]


def after_key(cursor: str | None, parts: int) -> list[object]:
    """The ordering key a cursor holds: ``parts`` values (date first), or Nones."""
    key = decode_cursor(cursor)
    if key is None:
        return [None] * parts
    if not (isinstance(key, list) and len(key) == parts and isinstance(key[0], str)):
        raise InvalidInput("invalid cursor")
    try:
        return [date.fromisoformat(key[0]), *(_part(part) for part in key[1:])]
    except ValueError:
        raise InvalidInput("invalid cursor") from None


def _part(value: object) -> int | UUID:
    """An id (as a string) or a number in a cursor's key."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return UUID(value)
    raise ValueError("not an id or a number")


def owner_of(project_id: strawberry.ID | None, scheme_id: strawberry.ID | None) -> object:
    if project_id is not None and scheme_id is not None:
        raise InvalidInput("give a projectId or a schemeId, not both")
    owner = project_id if project_id is not None else scheme_id
    return None if owner is None else parse_id(owner)


@strawberry.type
class ActivityQueries:
    @strawberry.field(description="One activity by id.")
    async def activity(self, info: Info, id: strawberry.ID) -> Activity:
        require(info, "projects:read")
        row = await loader(info, data.activities_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no activity {id}")
        return Activity.from_row(row)

    @strawberry.field(description="Activities by date then id, filtered by owner, kind, dates.")
    async def activities(
        self,
        info: Info,
        project_id: strawberry.ID | None = None,
        scheme_id: strawberry.ID | None = None,
        kind: str | None = None,
        from_: From = None,
        to: To = None,
        partner_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Activity]:
        require(info, "projects:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        held_on, key = after_key(after, 2)
        partner = None if partner_id is None else parse_id(partner_id)
        rows = await info.context.database.pool.fetch(
            data.ACTIVITIES_PAGE, held_on, key, owner_of(project_id, scheme_id), kind,
            from_, to, partner, size + 1,
        )  # fmt: skip
        return connection(
            rows,
            size,
            Activity.from_row,
            lambda r: [r["held_on"].isoformat(), str(r["activity_id"])],
            after is not None,
        )

    @strawberry.field(description="Carbon of a project's or scheme's travel, by mode.")
    async def carbon_summary(
        self,
        info: Info,
        project_id: strawberry.ID | None = None,
        scheme_id: strawberry.ID | None = None,
        from_: From = None,
        to: To = None,
    ) -> CarbonSummary:
        require(info, "projects:read")
        owner = owner_of(project_id, scheme_id)
        if owner is None:
            raise InvalidInput("give a projectId or a schemeId")
        rows = await info.context.database.pool.fetch(data.CARBON_BY_MODE, owner, from_, to)
        modes = [CarbonByMode(**dict(row)) for row in rows]
        return CarbonSummary(
            owner_id=strawberry.ID(str(owner)),
            from_=from_,
            to=to,
            total_kg_co2e=sum((m.kg_co2e for m in modes), Decimal(0)),
            by_mode=modes,
        )
