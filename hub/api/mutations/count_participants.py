"""countParticipants: set an activity's participant counts (by gender and category).

Scope activities:write; a partner of the project the activity belongs to, or a manager.
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, ParticipantCountsInput, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_activity_partner
from hub.api.permissions import require
from hub.commands import CountParticipants


@strawberry.input
class CountParticipantsInput(CommandInput):
    activity_id: strawberry.ID
    participants: ParticipantCountsInput


@strawberry.type
class CountParticipantsPayload(CommandPayload):
    pass


@strawberry.type
class CountParticipantsMutation:
    @strawberry.mutation(description="Count an activity's participants.")
    async def count_participants(
        self, info: Info, input: CountParticipantsInput
    ) -> CountParticipantsPayload:
        require(info, "activities:write")
        activity_id = parse_id(input.activity_id, "activityId")
        partner = await require_activity_partner(info, activity_id)
        command = CountParticipants(activity_id, input.participants.to_domain())
        written = await execute(
            info, command, input, read_models=read_back.ACTIVITIES, target=activity_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return CountParticipantsPayload(**written.fields)
