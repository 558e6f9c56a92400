"""addReportingPeriod: add the project's next reporting period (période de rapport).

Scope plan:write, managers only: reporting periods come from the grant agreement.
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, PeriodInput, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import AddReportingPeriod


@strawberry.input
class AddReportingPeriodInput(CommandInput):
    project_id: strawberry.ID
    period: PeriodInput


@strawberry.type
class AddReportingPeriodPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class AddReportingPeriodMutation:
    @strawberry.mutation(description="Add the next reporting period of a project.")
    async def add_reporting_period(
        self, info: Info, input: AddReportingPeriodInput
    ) -> AddReportingPeriodPayload:
        require(info, "plan:write")
        require_manager(info, "add reporting periods")
        project_id = parse_id(input.project_id, "projectId")
        command = AddReportingPeriod(project_id, input.period.to_period())
        written = await execute(
            info, command, input, read_models=read_back.PARTNERSHIP, target=project_id
        )
        entity = await read_back.project(info, written)
        return AddReportingPeriodPayload(**written.fields, project=entity)
