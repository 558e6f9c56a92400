"""acceptDeliverable: a submitted deliverable is accepted; acceptedBy is the caller.

Scope plan:write; a manager, or the lead partner for another partner's deliverable.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import deliverable_of, require_reviewer
from hub.api.permissions import require
from hub.commands import AcceptDeliverable


@strawberry.input
class AcceptDeliverableInput(CommandInput):
    deliverable_id: strawberry.ID
    accepted_on: date


@strawberry.type
class AcceptDeliverablePayload(CommandPayload):
    pass


@strawberry.type
class AcceptDeliverableMutation:
    @strawberry.mutation(description="Accept a submitted deliverable.")
    async def accept_deliverable(
        self, info: Info, input: AcceptDeliverableInput
    ) -> AcceptDeliverablePayload:
        require(info, "plan:write")
        deliverable_id = parse_id(input.deliverable_id, "deliverableId")
        responsible = require_reviewer(info, *await deliverable_of(info, deliverable_id))
        command = AcceptDeliverable(deliverable_id, input.accepted_on, info.context.caller.subject)
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, target=deliverable_id,
            on_behalf_of=responsible,
        )  # fmt: skip
        return AcceptDeliverablePayload(**written.fields)
