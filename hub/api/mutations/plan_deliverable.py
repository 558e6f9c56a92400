"""planDeliverable: add a deliverable (livrable / entregable) to follow up, with its due date.

Scope plan:write; a manager, or the project's lead partner.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import project_of, require_lead_partner
from hub.api.permissions import require
from hub.commands import PlanDeliverable


@strawberry.input
class PlanDeliverableInput(CommandInput):
    project_id: strawberry.ID
    code: str
    title: str
    work_package: str
    due_on: date
    responsible_partner: strawberry.ID


@strawberry.type
class PlanDeliverablePayload(CommandPayload):
    pass


@strawberry.type
class PlanDeliverableMutation:
    @strawberry.mutation(description="Plan a deliverable of a project.")
    async def plan_deliverable(
        self, info: Info, input: PlanDeliverableInput
    ) -> PlanDeliverablePayload:
        require(info, "plan:write")
        project_id = parse_id(input.project_id, "projectId")
        require_lead_partner(info, await project_of(info, project_id))
        responsible = parse_id(input.responsible_partner, "responsiblePartner")
        command = PlanDeliverable(
            project_id, input.code, input.title, input.work_package, input.due_on, responsible
        )
        written = await execute(
            info, command, input, read_models=read_back.DELIVERABLES, on_behalf_of=responsible
        )
        return PlanDeliverablePayload(**written.fields)
