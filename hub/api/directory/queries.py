"""Queries of the directory (scope projects:read)."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.directory import data
from hub.api.directory.types import Organisation, Project, parse_id
from hub.api.errors import NotFound
from hub.api.loaders import loader
from hub.api.pagination import Connection, connection, cursor_key, page_size
from hub.api.permissions import require


@strawberry.type
class DirectoryQueries:
    @strawberry.field(description="One organisation by id.")
    async def organisation(self, info: Info, id: strawberry.ID) -> Organisation:
        require(info, "projects:read")
        row = await loader(info, data.organisations_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no organisation {id}")
        return Organisation.from_row(row)

    @strawberry.field(description="Organisations by name, optionally in one country.")
    async def organisations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        country: str | None = None,
    ) -> Connection[Organisation]:
        require(info, "projects:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        name, key = cursor_key(after, str, str)
        rows = await info.context.database.pool.fetch(
            data.ORGANISATIONS_PAGE, name, key, country and country.upper(), size + 1
        )
        return connection(
            rows,
            size,
            Organisation.from_row,
            lambda r: [r["name"], str(r["organisation_id"])],
            after is not None,
        )

    @strawberry.field(description="One project by id.")
    async def project(self, info: Info, id: strawberry.ID) -> Project:
        require(info, "projects:read")
        row = await loader(info, data.projects_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no project {id}")
        return Project.from_row(row)

    @strawberry.field(description="Projects by acronym, filtered by programme, status, partner.")
    async def projects(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        programme: str | None = None,
        status: str | None = None,
        partner: strawberry.ID | None = None,
        partner_country: str | None = None,
    ) -> Connection[Project]:
        require(info, "projects:read")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        acronym, key = cursor_key(after, str, str)
        partner_id = None if partner is None else parse_id(partner)
        rows = await info.context.database.pool.fetch(
            data.PROJECTS_PAGE,
            acronym,
            key,
            programme,
            status,
            partner_id,
            partner_country and partner_country.upper(),
            size + 1,
        )
        return connection(
            rows,
            size,
            Project.from_row,
            lambda r: [r["acronym"], str(r["project_id"])],
            after is not None,
        )
