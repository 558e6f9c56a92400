"""rejectDeliverable: a submitted deliverable is sent back, with the reason.

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
from hub.commands import RejectDeliverable


@strawberry.input
class RejectDeliverableInput(CommandInput):
    deliverable_id: strawberry.ID
    rejected_on: date
    reason: str


@strawberry.type
class RejectDeliverablePayload(CommandPayload):
    pass


@strawberry.type
class RejectDeliverableMutation:
    @strawberry.mutation(description="Reject a submitted deliverable.")
    async def reject_deliverable(
        self, info: Info, input: RejectDeliverableInput
    ) -> RejectDeliverablePayload:
        require(info, "plan:write")
        deliverable_id = parse_id(input.deliverable_id, "deliverableId")
        responsible = require_reviewer(info, *await deliverable_of(info, deliverable_id))
        command = RejectDeliverable(
            deliverable_id, input.rejected_on, info.context.caller.subject, input.reason
        )
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, target=deliverable_id,
            on_behalf_of=responsible,
        )  # fmt: skip
        return RejectDeliverablePayload(**written.fields)
