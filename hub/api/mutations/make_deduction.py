"""makeDeduction: the controller deducts an ineligible amount from a line (correction
financière), with the error type and a comment; never more than the line declared.

Scope finance:write, managers only (first-level controllers hold admin).
"""

from __future__ import annotations

import strawberry

from domain.expenditure import ErrorType
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import (
    CommandInput,
    CommandPayload,
    MoneyInput,
    allowed,
    choice,
    parse_id,
)
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_controller
from hub.api.permissions import require
from hub.commands import MakeDeduction


@strawberry.input
class MakeDeductionInput(CommandInput):
    report_id: strawberry.ID
    line_number: int
    amount: MoneyInput
    error_type: str = strawberry.field(description=allowed(ErrorType))
    comment: str


@strawberry.type
class MakeDeductionPayload(CommandPayload):
    pass


@strawberry.type
class MakeDeductionMutation:
    @strawberry.mutation(description="Deduct an ineligible amount from an expenditure line.")
    async def make_deduction(self, info: Info, input: MakeDeductionInput) -> MakeDeductionPayload:
        require(info, "finance:write")
        report_id = parse_id(input.report_id, "reportId")
        partner = await require_controller(info, report_id, "control partner reports")
        command = MakeDeduction(
            report_id, input.line_number, input.amount.to_money(),
            choice(ErrorType, input.error_type, "errorType"), input.comment,
        )  # fmt: skip
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        return MakeDeductionPayload(**written.fields)
