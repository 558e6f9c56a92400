"""sampleLine: the controller picks a line to verify in detail (échantillonnage).

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
from hub.commands import SampleLine


@strawberry.input
class SampleLineInput(CommandInput):
    report_id: strawberry.ID
    line_number: int


@strawberry.type
class SampleLinePayload(CommandPayload):
    pass


@strawberry.type
class SampleLineMutation:
    @strawberry.mutation(description="Sample an expenditure line for verification.")
    async def sample_line(self, info: Info, input: SampleLineInput) -> SampleLinePayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = SampleLine(report_id, input.line_number)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return SampleLinePayload(**written.fields)
