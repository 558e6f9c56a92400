"""Entities of the directory. Plain attributes for scalar fields (no per-leaf resolvers);
relations go through the request's DataLoaders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.directory import data
from hub.api.errors import InvalidInput
from hub.api.labels import label
from hub.api.loaders import loader
from hub.api.permissions import require
from hub.api.scalars import BigInt


def parse_id(value: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{value!r} is not an id") from None


@strawberry.federation.type(keys=["id"], description="A partner organisation or agency.")
class Organisation:
    id: strawberry.ID
    name: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    region: str
    legal_status: str
    vat_recovery: str = strawberry.field(description="yes, no or partly.")
    languages: list[str]
    version_position: BigInt = strawberry.field(description="Log position of its last change.")

    @classmethod
    def from_row(cls, row: Any) -> Organisation:
        return cls(
            id=strawberry.ID(str(row["organisation_id"])),
            name=row["name"],
            country=row["country"],
            region=row["region"],
            legal_status=row["legal_status"],
            vat_recovery=row["vat_recovery"],
            languages=list(row["languages"]),
            version_position=BigInt(row["last_position"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Organisation | None:
        require(info, "projects:read")
        row = await loader(info, data.organisations_by_id).load(parse_id(id))
        return None if row is None else cls.from_row(row)

    @strawberry.field(description="Projects it takes part in, past and present.")
    async def partnerships(self, info: Info) -> list[Partnership]:
        rows = await loader(info, data.partnerships_by_organisation).load(UUID(self.id))
        return [Partnership.from_row(row) for row in rows]


@strawberry.type(description="A fund of a project and the share of eligible cost it pays.")
class ProjectFund:
    fund: str
    cofinancing_rate: Decimal


@strawberry.type(description="A reporting period of a project (période de rapport).")
class ReportingPeriod:
    number: int
    starts_on: date
    ends_on: date | None


@strawberry.federation.type(keys=["id"], description="A cooperation project.")
class Project:
    id: strawberry.ID
    acronym: str
    title: str
    programme: str
    currency: str
    starts_on: date
    ends_on: date | None
    status: str
    closed_on: date | None
    plan_version: int | None = strawberry.field(description="The plan version in force now.")
    plan_effective_from: date | None
    version_position: BigInt = strawberry.field(description="Log position of its last change.")

    @classmethod
    def from_row(cls, row: Any) -> Project:
        return cls(
            id=strawberry.ID(str(row["project_id"])),
            acronym=row["acronym"],
            title=row["title"],
            programme=row["programme"],
            currency=row["currency"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            status=row["status"],
            closed_on=row["closed_on"],
            plan_version=row["plan_version"],
            plan_effective_from=row["plan_effective_from"],
            version_position=BigInt(row["last_position"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Project | None:
        require(info, "projects:read")
        row = await loader(info, data.projects_by_id).load(parse_id(id))
        return None if row is None else cls.from_row(row)

    @strawberry.field(description="The programme's name in en, fr or es.")
    def programme_label(self, info: Info, lang: str | None = None) -> str:
        return label("programme", self.programme, lang or info.context.lang)

    @strawberry.field
    def status_label(self, info: Info, lang: str | None = None) -> str:
        return label("project_status", self.status, lang or info.context.lang)

    @strawberry.field
    async def funds(self, info: Info) -> list[ProjectFund]:
        rows = await loader(info, data.funds_by_project).load(UUID(self.id))
        return [ProjectFund(fund=r["fund"], cofinancing_rate=r["cofinancing_rate"]) for r in rows]

    @strawberry.field
    async def reporting_periods(self, info: Info) -> list[ReportingPeriod]:
        rows = await loader(info, data.reporting_periods_by_project).load(UUID(self.id))
        return [
            ReportingPeriod(number=r["number"], starts_on=r["starts_on"], ends_on=r["ends_on"])
            for r in rows
        ]

    @strawberry.field(description="The partnership: lead partner, partners, associated partners.")
    async def partners(self, info: Info) -> list[Partnership]:
        rows = await loader(info, data.partnerships_by_project).load(UUID(self.id))
        return [Partnership.from_row(row) for row in rows]


@strawberry.type(description="An organisation's place in a project's partnership.")
class Partnership:
    project_id: strawberry.ID
    organisation_id: strawberry.ID
    role: str
    joined_on: date
    left_on: date | None
    left_reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> Partnership:
        return cls(
            project_id=strawberry.ID(str(row["project_id"])),
            organisation_id=strawberry.ID(str(row["organisation_id"])),
            role=row["role"],
            joined_on=row["joined_on"],
            left_on=row["left_on"],
            left_reason=row["left_reason"],
        )

    @strawberry.field
    def role_label(self, info: Info, lang: str | None = None) -> str:
        return label("partner_role", self.role, lang or info.context.lang)

    @strawberry.field
    async def organisation(self, info: Info) -> Organisation:
        row = await loader(info, data.organisations_by_id).load(UUID(self.organisation_id))
        return Organisation.from_row(row)

    @strawberry.field
    async def project(self, info: Info) -> Project:
        row = await loader(info, data.projects_by_id).load(UUID(self.project_id))
        return Project.from_row(row)
