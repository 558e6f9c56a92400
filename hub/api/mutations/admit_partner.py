"""admitPartner: an organisation joins a project's partnership on a date.

Scope plan:write; a manager, or the project's lead partner (who runs the partnership).
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.project import PartnerRole
from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, allowed, choice, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import project_of, require_lead_partner
from hub.api.permissions import require
from hub.commands import AdmitPartner


@strawberry.input
class AdmitPartnerInput(CommandInput):
    project_id: strawberry.ID
    organisation_id: strawberry.ID
    role: str = strawberry.field(description=allowed(PartnerRole))
    joined_on: date


@strawberry.type
class AdmitPartnerPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class AdmitPartnerMutation:
    @strawberry.mutation(description="Admit an organisation to a project's partnership.")
    async def admit_partner(self, info: Info, input: AdmitPartnerInput) -> AdmitPartnerPayload:
        require(info, "plan:write")
        project_id = parse_id(input.project_id, "projectId")
        require_lead_partner(info, await project_of(info, project_id))
        organisation_id = parse_id(input.organisation_id, "organisationId")
        command = AdmitPartner(
            project_id, organisation_id, choice(PartnerRole, input.role, "role"), input.joined_on
        )
        written = await execute(
            info, command, input, read_models=read_back.PARTNERSHIP, target=project_id,
            on_behalf_of=organisation_id,
        )  # fmt: skip
        return AdmitPartnerPayload(**written.fields, project=await read_back.project(info, written))
