"""withdrawPartner: a partner leaves a project; ``leftOn`` is its last eligible day.

Scope plan:write; a manager, or the project's lead partner.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import project_of, require_lead_partner
from hub.api.permissions import require
from hub.commands import WithdrawPartner


@strawberry.input
class WithdrawPartnerInput(CommandInput):
    project_id: strawberry.ID
    organisation_id: strawberry.ID
    left_on: date
    reason: str


@strawberry.type
class WithdrawPartnerPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class WithdrawPartnerMutation:
    @strawberry.mutation(description="Record that a partner leaves a project.")
    async def withdraw_partner(
        self, info: Info, input: WithdrawPartnerInput
    ) -> WithdrawPartnerPayload:
        require(info, "plan:write")
        project_id = parse_id(input.project_id, "projectId")
        require_lead_partner(info, await project_of(info, project_id))
        organisation_id = parse_id(input.organisation_id, "organisationId")
        command = WithdrawPartner(project_id, organisation_id, input.left_on, input.reason)
        written = await execute(
            info, command, input, read_models=read_back.PARTNERSHIP, target=project_id,
            on_behalf_of=organisation_id,
        )  # fmt: skip
        entity = await read_back.project(info, written)
        return WithdrawPartnerPayload(**written.fields, project=entity)
