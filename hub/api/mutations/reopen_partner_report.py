"""reopenPartnerReport: send a submitted or in-control report back to the partner as a
draft (réouverture), with the reason. Scope finance:write, managers only: only the
controller decides that a report needs correcting.
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_controller
from hub.api.permissions import require
from hub.commands import ReopenPartnerReport


@strawberry.input
class ReopenPartnerReportInput(CommandInput):
    report_id: strawberry.ID
    reason: str


@strawberry.type
class ReopenPartnerReportPayload(CommandPayload):
    pass


@strawberry.type
class ReopenPartnerReportMutation:
    @strawberry.mutation(description="Reopen a partner report as a draft.")
    async def reopen_partner_report(
        self, info: Info, input: ReopenPartnerReportInput
    ) -> ReopenPartnerReportPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "reopen partner reports")
        command = ReopenPartnerReport(report_id, info.context.caller.subject, input.reason)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return ReopenPartnerReportPayload(**written.fields)
