"""openPartnerReport: open a partner's report for a reporting period, pinned to the plan
version in force on ``openedOn`` (rapport du partenaire / informe del socio).

Scope finance:write; a manager for any partner, a partner only for itself.
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.expenditure import PartnerReport
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import project_of, require_self
from hub.api.permissions import require
from hub.commands import OpenPartnerReport


@strawberry.input
class OpenPartnerReportInput(CommandInput):
    project_id: strawberry.ID
    partner_id: strawberry.ID
    period_number: int
    opened_on: date


@strawberry.type
class OpenPartnerReportPayload(CommandPayload):
    pass


@strawberry.type
class OpenPartnerReportMutation:
    @strawberry.mutation(description="Open a partner report; its id is the payload's id.")
    async def open_partner_report(
        self, info: Info, input: OpenPartnerReportInput
    ) -> OpenPartnerReportPayload:
        require(info, "finance:write")
        project = await project_of(info, parse_id(input.project_id, "projectId"))
        partner = require_self(info, project, parse_id(input.partner_id, "partnerId"))
        period = project.reporting_period(input.period_number)
        command = OpenPartnerReport(project.id, partner, input.period_number, input.opened_on)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE,
            target=PartnerReport.create_id(project.id, partner, period), on_behalf_of=partner,
        )  # fmt: skip
        return OpenPartnerReportPayload(**written.fields)
