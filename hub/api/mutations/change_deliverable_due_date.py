"""changeDeliverableDueDate: move a deliverable's due date, with the justification funders
ask for (justification du retard). Scope plan:write; a manager, or the lead partner.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import deliverable_of, require_lead_partner
from hub.api.permissions import require
from hub.commands import ChangeDeliverableDueDate


@strawberry.input
class ChangeDeliverableDueDateInput(CommandInput):
    deliverable_id: strawberry.ID
    due_on: date
    justification: str


@strawberry.type
class ChangeDeliverableDueDatePayload(CommandPayload):
    pass


@strawberry.type
class ChangeDeliverableDueDateMutation:
    @strawberry.mutation(description="Move a deliverable's due date.")
    async def change_deliverable_due_date(
        self, info: Info, input: ChangeDeliverableDueDateInput
    ) -> ChangeDeliverableDueDatePayload:
        require(info, "plan:write")
        deliverable_id = parse_id(input.deliverable_id, "deliverableId")
        deliverable, project = await deliverable_of(info, deliverable_id)
        require_lead_partner(info, project)
        command = ChangeDeliverableDueDate(deliverable_id, input.due_on, input.justification)
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, target=deliverable_id,
            on_behalf_of=deliverable.responsible_partner,
        )  # fmt: skip
        return ChangeDeliverableDueDatePayload(**written.fields)
