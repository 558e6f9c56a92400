"""La Collaborative's schemes (Faire-Part, pARTager, cARTographie, Objectif 13,
Jeudigraphies), their agencies and what each agency did in them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry

from hub.api.activities import data, scheme_data
from hub.api.activities.participants import Participants
from hub.api.context import Info
from hub.api.directory.data import organisations_by_id
from hub.api.directory.types import Organisation, parse_id
from hub.api.labels import label
from hub.api.loaders import loader
from hub.api.permissions import require
from hub.api.scalars import BigInt

if TYPE_CHECKING:
    from hub.api.activities.types import Activity


async def _agency(info: Info, code: str) -> Organisation | None:
    organisation_id = scheme_data.agency_organisation(code)
    if organisation_id is None:
        return None
    row = await loader(info, organisations_by_id).load(organisation_id)
    return None if row is None else Organisation.from_row(row)


@strawberry.type(description="A regional agency taking part in a scheme.")
class SchemeAgency:
    agency: str = strawberry.field(description="The agency's code, e.g. occitanie_en_scene.")
    is_coordinator: bool
    joined_at: datetime

    @strawberry.field(description="The agency in the directory.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await _agency(info, self.agency)


@strawberry.federation.type(keys=["id"], description="One edition of a La Collaborative scheme.")
class Scheme:
    id: strawberry.ID
    kind: str = strawberry.field(description="faire_part, partager, cartographie…")
    edition: str
    coordinator_agency: str
    launched_on: date
    agency_count: int
    participation_count: int
    participant_count: int
    version_position: BigInt = strawberry.field(description="Log position of its last change.")

    @classmethod
    def from_row(cls, row: Any) -> Scheme:
        return cls(
            id=strawberry.ID(str(row["scheme_id"])),
            kind=row["kind"],
            edition=row["edition"],
            coordinator_agency=row["coordinator"],
            launched_on=row["launched_on"],
            agency_count=row["agencies"],
            participation_count=row["participations"],
            participant_count=row["participants"],
            version_position=BigInt(row["last_position"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Scheme | None:
        require(info, "projects:read")
        row = await loader(info, scheme_data.schemes_by_id).load(parse_id(id))
        return None if row is None else cls.from_row(row)

    @strawberry.field(description="The scheme's name (the same in en, fr and es).")
    def kind_label(self, info: Info, lang: str | None = None) -> str:
        return label("scheme_kind", self.kind, lang or info.context.lang)

    @strawberry.field(description="The agency that coordinates this edition.")
    async def coordinator(self, info: Info) -> Organisation | None:
        return await _agency(info, self.coordinator_agency)

    @strawberry.field(description="The agencies taking part, coordinator first.")
    async def agencies(self, info: Info) -> list[SchemeAgency]:
        rows = await loader(info, scheme_data.agencies_by_scheme).load(UUID(self.id))
        return [
            SchemeAgency(
                agency=r["agency"], is_coordinator=r["is_coordinator"], joined_at=r["joined_at"]
            )
            for r in rows
        ]


@strawberry.type(description="What one agency did in a scheme on one day, counted, not named.")
class SchemeParticipation:
    scheme_id: strawberry.ID
    number: int
    agency: str = strawberry.field(description="The agency's code, e.g. odia_normandie.")
    held_on: date
    description: str
    host_region: str
    participant_count: int
    activity_id: strawberry.ID | None

    @classmethod
    def from_row(cls, row: Any) -> SchemeParticipation:
        activity = row["activity_id"]
        return cls(
            scheme_id=strawberry.ID(str(row["scheme_id"])),
            number=row["number"],
            agency=row["agency"],
            held_on=row["held_on"],
            description=row["description"],
            host_region=row["host_region"],
            participant_count=row["participants"],
            activity_id=None if activity is None else strawberry.ID(str(activity)),
        )

    @strawberry.field(description="The agency in the directory.")
    async def agency_organisation(self, info: Info) -> Organisation | None:
        return await _agency(info, self.agency)

    @strawberry.field
    async def scheme(self, info: Info) -> Scheme:
        row = await loader(info, scheme_data.schemes_by_id).load(UUID(self.scheme_id))
        return Scheme.from_row(row)

    @strawberry.field(description="Participants counted by gender and category.")
    async def participants(self, info: Info) -> Participants:
        key = (UUID(self.scheme_id), self.number)
        rows = await loader(info, scheme_data.participation_counts).load(key)
        return Participants.from_rows(self.participant_count, rows)

    @strawberry.field(description="The activity recorded for it, if any.")
    async def activity(
        self, info: Info
    ) -> Annotated[Activity, strawberry.lazy("hub.api.activities.types")] | None:
        from hub.api.activities.types import Activity

        if self.activity_id is None:
            return None
        row = await loader(info, data.activities_by_id).load(UUID(self.activity_id))
        return None if row is None else Activity.from_row(row)
