"""startDraftingDeliverable: work on a deliverable begins, with its working document.

Scope plan:write; a manager, the lead partner, or the partner responsible for it.
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import deliverable_of, require_responsible
from hub.api.permissions import require
from hub.commands import StartDraftingDeliverable


@strawberry.input
class StartDraftingDeliverableInput(CommandInput):
    deliverable_id: strawberry.ID
    document_ref: str


@strawberry.type
class StartDraftingDeliverablePayload(CommandPayload):
    pass


@strawberry.type
class StartDraftingDeliverableMutation:
    @strawberry.mutation(description="Start drafting a deliverable.")
    async def start_drafting_deliverable(
        self, info: Info, input: StartDraftingDeliverableInput
    ) -> StartDraftingDeliverablePayload:
        require(info, "plan:write")
        deliverable_id = parse_id(input.deliverable_id, "deliverableId")
        responsible = require_responsible(info, *await deliverable_of(info, deliverable_id))
        command = StartDraftingDeliverable(deliverable_id, input.document_ref)
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, target=deliverable_id,
            on_behalf_of=responsible,
        )  # fmt: skip
        return StartDraftingDeliverablePayload(**written.fields)
