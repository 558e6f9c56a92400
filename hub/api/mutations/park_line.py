"""parkLine: the controller sets a line aside, to be re-included later.

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
from hub.commands import ParkLine


@strawberry.input
class ParkLineInput(CommandInput):
    report_id: strawberry.ID
    line_number: int
    reason: str


@strawberry.type
class ParkLinePayload(CommandPayload):
    pass


@strawberry.type
class ParkLineMutation:
    @strawberry.mutation(description="Set a line aside for later (dépense mise en attente).")
    async def park_line(self, info: Info, input: ParkLineInput) -> ParkLinePayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = ParkLine(report_id, input.line_number, input.reason)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return ParkLinePayload(**written.fields)
