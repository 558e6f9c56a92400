"""reincludeLine: a parked line comes back into the report's control.

Scope finance:write, managers only (first-level controllers hold admin).
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_controller
from hub.api.permissions import require
from hub.commands import ReincludeLine


@strawberry.input
class ReincludeLineInput(CommandInput):
    report_id: strawberry.ID
    line_number: int


@strawberry.type
class ReincludeLinePayload(CommandPayload):
    pass


@strawberry.type
class ReincludeLineMutation:
    @strawberry.mutation(description="Re-include a parked line.")
    async def reinclude_line(self, info: Info, input: ReincludeLineInput) -> ReincludeLinePayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = ReincludeLine(report_id, input.line_number)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return ReincludeLinePayload(**written.fields)
