"""recordExpenditure: declare one invoice or payslip in a draft partner report (dépense /
gasto), in any currency with the exchange rate frozen on the line.

Scope finance:write; a partner declares only in its own reports, in projects it belongs
to; a manager in any report. ``lineNumber`` in the payload names the new line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from domain.costs import CostCategory
from domain.money import ExchangeRate
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
from hub.api.mutations.plumbing import Written, execute
from hub.api.mutations.tenancy import require_own_report
from hub.api.permissions import require
from hub.commands import DeclareExpenditure


@strawberry.input(description="How many units of the line's currency one report unit buys.")
class ExchangeRateInput:
    rate: Decimal
    rate_date: date
    source: str = strawberry.field(description='e.g. "InforEuro 2024-06".')


@strawberry.input
class RecordExpenditureInput(CommandInput):
    report_id: strawberry.ID
    category: str = strawberry.field(description=allowed(CostCategory))
    description: str
    supplier: str
    invoice_number: str
    invoice_date: date
    payment_date: date
    declared: MoneyInput
    vat: MoneyInput
    vat_recoverable: bool
    evidence_ref: str
    exchange_rate: ExchangeRateInput | None = None

    def command(self) -> DeclareExpenditure:
        rate = self.exchange_rate
        return DeclareExpenditure(
            parse_id(self.report_id, "reportId"), choice(CostCategory, self.category, "category"),
            self.description, self.supplier, self.invoice_number, self.invoice_date,
            self.payment_date, self.declared.to_money("declared"), self.vat.to_money("vat"),
            self.vat_recoverable, self.evidence_ref,
            None if rate is None else ExchangeRate(rate.rate, rate.rate_date, rate.source),
        )  # fmt: skip


@strawberry.type
class RecordExpenditurePayload(CommandPayload):
    line_number: int | None = strawberry.field(description="The declared line's number.")


async def line_declared(info: Info, written: Written) -> int | None:
    number = await info.context.database.pool.fetchval(
        "SELECT (payload -> 'line' ->> 'number')::int FROM events"
        " WHERE position = $1 AND event_type = 'PartnerReport.ExpenditureDeclared'",
        written.result.position,
    )
    return None if number is None else int(number)


@strawberry.type
class RecordExpenditureMutation:
    @strawberry.mutation(description="Declare an expenditure line in a draft partner report.")
    async def record_expenditure(
        self, info: Info, input: RecordExpenditureInput
    ) -> RecordExpenditurePayload:
        require(info, "finance:write")
        command = input.command()
        partner = await require_own_report(info, command.report_id)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=command.report_id,
            on_behalf_of=partner,
        )  # fmt: skip
        number = await line_declared(info, written)
        return RecordExpenditurePayload(**written.fields, line_number=number)
