"""Queries of La Collaborative's schemes and participations (scope projects:read)."""

from __future__ import annotations

import strawberry

from hub.api.activities import scheme_data
from hub.api.activities.queries import after_key
from hub.api.activities.schemes import Scheme, SchemeParticipation
from hub.api.context import Info
from hub.api.directory.types import parse_id
from hub.api.errors import NotFound
from hub.api.loaders import loader
from hub.api.pagination import Connection, connection, page_size
from hub.api.permissions import require

NO_AGENCY = "-"  # matches no participation: the organisation is not one of the agencies


@strawberry.type
class SchemeQueries:
    @strawberry.field(description="Schemes by launch date, optionally of one kind.")
    async def schemes(
        self,
        info: Info,
        kind: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Scheme]:
        require(info, "projects:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        launched_on, key = after_key(after, 2)
        rows = await info.context.database.pool.fetch(
            scheme_data.SCHEMES_PAGE, launched_on, key, kind, size + 1
        )
        return connection(
            rows,
            size,
            Scheme.from_row,
            lambda r: [r["launched_on"].isoformat(), str(r["scheme_id"])],
            after is not None,
        )

    @strawberry.field(description="One scheme edition by id.")
    async def scheme(self, info: Info, id: strawberry.ID) -> Scheme:
        require(info, "projects:read")
        row = await loader(info, scheme_data.schemes_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no scheme {id}")
        return Scheme.from_row(row)

    @strawberry.field(description="Participations by date, of one scheme and/or one agency.")
    async def scheme_participations(
        self,
        info: Info,
        scheme_id: strawberry.ID | None = None,
        agency_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SchemeParticipation]:
        require(info, "projects:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        held_on, scheme_key, number = after_key(after, 3)
        scheme = None if scheme_id is None else parse_id(scheme_id)
        agency = None
        if agency_id is not None:
            organisation = parse_id(agency_id)
            agency = scheme_data.AGENCIES_BY_ORGANISATION.get(organisation, NO_AGENCY)
        rows = await info.context.database.pool.fetch(
            scheme_data.PARTICIPATIONS_PAGE, held_on, scheme_key, number, scheme, agency, size + 1
        )
        return connection(
            rows,
            size,
            SchemeParticipation.from_row,
            lambda r: [r["held_on"].isoformat(), str(r["scheme_id"]), r["number"]],
            after is not None,
        )
