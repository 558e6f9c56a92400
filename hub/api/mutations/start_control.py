"""startControl: a first-level controller takes a submitted report into control; the
controller is the caller. Scope finance:write, managers only (controllers hold admin).
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_controller
from hub.api.permissions import require
from hub.commands import StartControl


@strawberry.input
class StartControlInput(CommandInput):
    report_id: strawberry.ID
    started_on: date


@strawberry.type
class StartControlPayload(CommandPayload):
    pass


@strawberry.type
class StartControlMutation:
    @strawberry.mutation(description="Start the first-level control of a submitted report.")
    async def start_control(self, info: Info, input: StartControlInput) -> StartControlPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = StartControl(report_id, info.context.caller.subject, input.started_on)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return StartControlPayload(**written.fields)
