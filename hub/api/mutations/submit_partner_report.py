"""submitPartnerReport: the partner hands its report in for control; submittedBy is the
caller. Scope finance:write; the report's partner or a manager.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_own_report
from hub.api.permissions import require
from hub.commands import SubmitPartnerReport


@strawberry.input
class SubmitPartnerReportInput(CommandInput):
    report_id: strawberry.ID
    submitted_on: date


@strawberry.type
class SubmitPartnerReportPayload(CommandPayload):
    pass


@strawberry.type
class SubmitPartnerReportMutation:
    @strawberry.mutation(description="Submit a partner report for first-level control.")
    async def submit_partner_report(
        self, info: Info, input: SubmitPartnerReportInput
    ) -> SubmitPartnerReportPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_own_report(info, report_id)
        command = SubmitPartnerReport(report_id, input.submitted_on, info.context.caller.subject)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return SubmitPartnerReportPayload(**written.fields)
