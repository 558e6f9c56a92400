"""recordActivity: record an activity held (performance, residency, seminar…) with its
place, partners and, optionally, participant counts and its times of day.

Scope activities:write; a partner records activities of the projects it belongs to; a
manager records any, including those of La Collaborative's schemes.
"""

from __future__ import annotations

from datetime import date, time

import strawberry

from domain.activities import Activity, ActivityKind, Place
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import (
    CommandInput,
    CommandPayload,
    ParticipantCountsInput,
    allowed,
    choice,
    parse_id,
)
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_activity_owner
from hub.api.permissions import require
from hub.commands import RecordActivity


@strawberry.input(description="Where an activity was held.")
class PlaceInput:
    city: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    venue: str = ""


@strawberry.input
class RecordActivityInput(CommandInput):
    owner_id: strawberry.ID = strawberry.field(description="The project's or scheme's id.")
    code: str
    kind: str = strawberry.field(description=allowed(ActivityKind))
    title: str
    held_on: date
    place: PlaceInput
    partners: list[strawberry.ID] = strawberry.field(default_factory=list)
    participants: ParticipantCountsInput | None = None
    starts_at: time | None = strawberry.field(
        default=None, description="Local start time at the place (20:30), without offset."
    )
    ends_at: time | None = strawberry.field(
        default=None, description="Local end time, later the same day; needs startsAt."
    )
    time_zone: str | None = strawberry.field(
        default=None,
        description="IANA time zone of the times (America/Toronto…); by default the one of "
        "the place's country (mainland Spain's and Portugal's for ES and PT; countries of "
        "several zones such as CA have none).",
    )

    def command(self) -> RecordActivity:
        return RecordActivity(
            parse_id(self.owner_id, "ownerId"), self.code, choice(ActivityKind, self.kind, "kind"),
            self.title, self.held_on, Place(self.place.city, self.place.country, self.place.venue),
            tuple(parse_id(p, "partners") for p in self.partners),
            None if self.participants is None else self.participants.to_domain(),
            self.starts_at, self.ends_at, self.time_zone,
        )  # fmt: skip


@strawberry.type
class RecordActivityPayload(CommandPayload):
    pass


@strawberry.type
class RecordActivityMutation:
    @strawberry.mutation(description="Record an activity; its id is the payload's id.")
    async def record_activity(
        self, info: Info, input: RecordActivityInput
    ) -> RecordActivityPayload:
        require(info, "activities:write")
        command = input.command()
        partner = await require_activity_owner(info, command.owner_id)
        written = await execute(
            info, command, input, read_models=read_back.ACTIVITIES,
            target=Activity.create_id(command.owner_id, command.code), on_behalf_of=partner,
        )  # fmt: skip
        return RecordActivityPayload(**written.fields)
