"""submitDeliverable: hand in a drafted deliverable with its final document.

Scope plan:write; a manager, the lead partner, or the partner responsible for it.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import deliverable_of, require_responsible
from hub.api.permissions import require
from hub.commands import SubmitDeliverable


@strawberry.input
class SubmitDeliverableInput(CommandInput):
    deliverable_id: strawberry.ID
    submitted_on: date
    document_ref: str


@strawberry.type
class SubmitDeliverablePayload(CommandPayload):
    pass


@strawberry.type
class SubmitDeliverableMutation:
    @strawberry.mutation(description="Submit a deliverable for review.")
    async def submit_deliverable(
        self, info: Info, input: SubmitDeliverableInput
    ) -> SubmitDeliverablePayload:
        require(info, "plan:write")
        deliverable_id = parse_id(input.deliverable_id, "deliverableId")
        responsible = require_responsible(info, *await deliverable_of(info, deliverable_id))
        command = SubmitDeliverable(deliverable_id, input.submitted_on, input.document_ref)
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, target=deliverable_id,
            on_behalf_of=responsible,
        )  # fmt: skip
        return SubmitDeliverablePayload(**written.fields)
