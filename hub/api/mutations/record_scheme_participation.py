"""recordSchemeParticipation: what one agency did in a La Collaborative scheme on one day
(a Faire-Part journey, a pARTager pair…), counted, never named.

Scope activities:write, managers only: Occitanie en scène coordinates the schemes and the
agencies are no organisations a partner token acts for.
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.schemes import Agency
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
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import RecordParticipation


@strawberry.input
class RecordSchemeParticipationInput(CommandInput):
    scheme_id: strawberry.ID
    agency: str = strawberry.field(description=allowed(Agency))
    held_on: date
    description: str
    host_region: str
    participants: ParticipantCountsInput
    activity_id: strawberry.ID | None = None

    def command(self) -> RecordParticipation:
        activity = None if self.activity_id is None else parse_id(self.activity_id, "activityId")
        return RecordParticipation(
            parse_id(self.scheme_id, "schemeId"), choice(Agency, self.agency, "agency"),
            self.held_on, self.description, self.host_region, self.participants.to_domain(),
            activity,
        )  # fmt: skip


@strawberry.type
class RecordSchemeParticipationPayload(CommandPayload):
    pass


@strawberry.type
class RecordSchemeParticipationMutation:
    @strawberry.mutation(description="Record an agency's participation in a scheme.")
    async def record_scheme_participation(
        self, info: Info, input: RecordSchemeParticipationInput
    ) -> RecordSchemeParticipationPayload:
        require(info, "activities:write")
        require_manager(info, "record scheme participations")
        command = input.command()
        written = await execute(
            info, command, input, read_models=read_back.SCHEMES, target=command.scheme_id
        )
        return RecordSchemeParticipationPayload(**written.fields)
