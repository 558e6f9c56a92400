"""Activities of the projects and schemes. Plain attributes for scalar fields; owner,
partners, participants, travel legs and contributions go through the request's loaders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry

from hub.api.activities import data, scheme_data
from hub.api.activities.participants import Participants
from hub.api.activities.schemes import Scheme
from hub.api.context import Info
from hub.api.directory.data import organisations_by_id, projects_by_id
from hub.api.directory.types import Organisation, Project, parse_id
from hub.api.labels import label
from hub.api.loaders import loader
from hub.api.permissions import require
from hub.api.scalars import BigInt

ActivityOwner = Annotated[
    Project | Scheme, strawberry.union("ActivityOwner", description="A project or a scheme.")
]


def _local(instant: datetime | None, time_zone: str | None) -> datetime | None:
    """An instant on the clock of the activity's place (the database hands back UTC)."""
    if instant is None or time_zone is None:
        return instant
    return instant.astimezone(ZoneInfo(time_zone))


@strawberry.type(description="Where an activity took place; city 'online' for online ones.")
class Place:
    city: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    venue: str
    online: bool


@strawberry.type(description="One journey of a group to or from an activity.")
class TravelLeg:
    mode: str = strawberry.field(description="train, coach, car, van, plane_short_haul…")
    distance_km: Decimal
    travellers: int
    kg_co2e: Decimal = strawberry.field(description="Carbon estimate of the leg, kg CO2e.")


@strawberry.type(description="What an activity adds to one of its project's indicators.")
class IndicatorContribution:
    indicator_code: str
    value: Decimal


@strawberry.federation.type(keys=["id"], description="An activity of a project or a scheme.")
class Activity:
    id: strawberry.ID
    code: str
    kind: str = strawberry.field(description="performance, residency, seminar, training…")
    title: str
    date: date
    starts_at: datetime | None = strawberry.field(
        description="When it starts, with the offset in force at its place; null when the "
        "log knows the day only."
    )
    ends_at: datetime | None = strawberry.field(
        description="When it ends (same day), if recorded."
    )
    time_zone: str | None = strawberry.field(
        description="The IANA time zone of its place's clock (Europe/Paris…), with a start."
    )
    place: Place
    owner_id: strawberry.ID
    owner_kind: str = strawberry.field(description="project or scheme.")
    participant_count: int
    travel_leg_count: int
    carbon_kg_co2e: Decimal = strawberry.field(description="Carbon estimate, kg CO2e.")
    cancelled: bool
    cancel_reason: str | None
    version_position: BigInt = strawberry.field(description="Log position of its last change.")
    partner_ids: strawberry.Private[list[UUID]]

    @classmethod
    def from_row(cls, row: Any) -> Activity:
        return cls(
            id=strawberry.ID(str(row["activity_id"])),
            code=row["code"],
            kind=row["kind"],
            title=row["title"],
            date=row["held_on"],
            starts_at=_local(row["starts_at"], row["time_zone"]),
            ends_at=_local(row["ends_at"], row["time_zone"]),
            time_zone=row["time_zone"],
            place=Place(
                city=row["city"],
                country=row["country"],
                venue=row["venue"],
                online=row["city"] == "online",
            ),
            owner_id=strawberry.ID(str(row["owner_id"])),
            owner_kind=row["owner_kind"],
            participant_count=row["participants"],
            travel_leg_count=row["travel_legs"],
            carbon_kg_co2e=row["kg_co2e"],
            cancelled=row["cancelled"],
            cancel_reason=row["cancel_reason"],
            version_position=BigInt(row["last_position"]),
            partner_ids=list(row["partners"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Activity | None:
        require(info, "projects:read")
        row = await loader(info, data.activities_by_id).load(parse_id(id))
        return None if row is None else cls.from_row(row)

    @strawberry.field(description="The kind's name in en, fr or es.")
    def kind_label(self, info: Info, lang: str | None = None) -> str:
        return label("activity_kind", self.kind, lang or info.context.lang)

    @strawberry.field(description="The project or scheme that held it.")
    async def owner(self, info: Info) -> ActivityOwner | None:
        owner_id = UUID(self.owner_id)
        if self.owner_kind == "scheme":
            row = await loader(info, scheme_data.schemes_by_id).load(owner_id)
            return None if row is None else Scheme.from_row(row)
        row = await loader(info, projects_by_id).load(owner_id)
        return None if row is None else Project.from_row(row)

    @strawberry.field(description="The partner organisations involved.")
    async def partners(self, info: Info) -> list[Organisation]:
        rows = await loader(info, organisations_by_id).load_many(self.partner_ids)
        return [Organisation.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="Participants counted by gender and category.")
    async def participants(self, info: Info) -> Participants:
        rows = await loader(info, data.participant_counts_by_activity).load(UUID(self.id))
        return Participants.from_rows(self.participant_count, rows)

    @strawberry.field
    async def travel_legs(self, info: Info) -> list[TravelLeg]:
        rows = await loader(info, data.travel_legs_by_activity).load(UUID(self.id))
        return [
            TravelLeg(
                mode=r["mode"],
                distance_km=r["distance_km"],
                travellers=r["travellers"],
                kg_co2e=r["kg_co2e"],
            )
            for r in rows
        ]

    @strawberry.field
    async def indicator_contributions(self, info: Info) -> list[IndicatorContribution]:
        rows = await loader(info, data.contributions_by_activity).load(UUID(self.id))
        return [
            IndicatorContribution(indicator_code=r["indicator_code"], value=r["value"])
            for r in rows
        ]
