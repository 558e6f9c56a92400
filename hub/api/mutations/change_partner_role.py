"""changePartnerRole: e.g. an associated partner becomes a full partner on a date.

Scope plan:write; a manager, or the project's lead partner.
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
from hub.commands import ChangePartnerRole


@strawberry.input
class ChangePartnerRoleInput(CommandInput):
    project_id: strawberry.ID
    organisation_id: strawberry.ID
    role: str = strawberry.field(description=allowed(PartnerRole))
    effective_on: date


@strawberry.type
class ChangePartnerRolePayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class ChangePartnerRoleMutation:
    @strawberry.mutation(description="Change a partner's role in a project.")
    async def change_partner_role(
        self, info: Info, input: ChangePartnerRoleInput
    ) -> ChangePartnerRolePayload:
        require(info, "plan:write")
        project_id = parse_id(input.project_id, "projectId")
        require_lead_partner(info, await project_of(info, project_id))
        organisation_id = parse_id(input.organisation_id, "organisationId")
        role = choice(PartnerRole, input.role, "role")
        command = ChangePartnerRole(project_id, organisation_id, role, input.effective_on)
        written = await execute(
            info, command, input, read_models=read_back.PARTNERSHIP, target=project_id,
            on_behalf_of=organisation_id,
        )  # fmt: skip
        entity = await read_back.project(info, written)
        return ChangePartnerRolePayload(**written.fields, project=entity)
