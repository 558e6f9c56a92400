"""certifyPartnerReport: issue the control certificate; the eligible amounts are frozen on
the event and certifiedBy is the caller. Scope finance:write, managers only.
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
from hub.commands import CertifyPartnerReport


@strawberry.input
class CertifyPartnerReportInput(CommandInput):
    report_id: strawberry.ID
    certified_on: date


@strawberry.type
class CertifyPartnerReportPayload(CommandPayload):
    pass


@strawberry.type
class CertifyPartnerReportMutation:
    @strawberry.mutation(description="Certify a partner report after control.")
    async def certify_partner_report(
        self, info: Info, input: CertifyPartnerReportInput
    ) -> CertifyPartnerReportPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "certify partner reports")
        command = CertifyPartnerReport(report_id, input.certified_on, info.context.caller.subject)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return CertifyPartnerReportPayload(**written.fields)
