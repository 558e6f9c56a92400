"""assignSecondReviewer: name the second reviewer a certificate needs (four-eyes), who is
not the controller. Scope finance:write, managers only.
"""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_controller
from hub.api.permissions import require
from hub.commands import AssignSecondReviewer


@strawberry.input
class AssignSecondReviewerInput(CommandInput):
    report_id: strawberry.ID
    reviewer: str = strawberry.field(description="The reviewer's subject (user:…).")


@strawberry.type
class AssignSecondReviewerPayload(CommandPayload):
    pass


@strawberry.type
class AssignSecondReviewerMutation:
    @strawberry.mutation(description="Assign the second reviewer of a report in control.")
    async def assign_second_reviewer(
        self, info: Info, input: AssignSecondReviewerInput
    ) -> AssignSecondReviewerPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = AssignSecondReviewer(report_id, input.reviewer)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return AssignSecondReviewerPayload(**written.fields)
