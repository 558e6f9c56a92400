"""Partner reports (rapports de partenaire / informes de socio), their flat rates, and their
expenditure lines with the outcome of first-level control."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.finance import data
from hub.api.finance.types import CENT, _id, _OfPartner, cost_category_label
from hub.api.labels import label
from hub.api.loaders import loader
from hub.api.money import Money, money
from hub.api.scalars import BigInt


@strawberry.type(
    description="A flat rate of a report: its rate, its base and the amount "
    "(recomputed from the declared lines until certification, then as certified)."
)
class FlatRateAmount:
    kind: str
    rate: Decimal
    cost_category: str = strawberry.field(description="What it pays for (its kind if several).")
    base: Money
    amount: Money
    validated: bool = strawberry.field(description="As certified after control.")

    @classmethod
    def from_row(cls, row: Any) -> FlatRateAmount:
        c, base = row["currency"], row["base"]
        amount = row["validated_amount"]
        if amount is None:
            amount = (row["rate"] * base).quantize(CENT, ROUND_HALF_UP)
        return cls(
            kind=row["kind"], rate=row["rate"], cost_category=row["cost_category"],
            base=money(base, c), amount=money(amount, c), validated=row["validated"],
        )  # fmt: skip

    @strawberry.field
    def kind_label(self, info: Info, lang: str | None = None) -> str:
        return label("flat_rate_kind", self.kind, lang or info.context.lang)


@strawberry.type(
    description="A partner's report for one reporting period, pinned to the plan "
    "version in force when it was opened."
)
class PartnerReport(_OfPartner):
    id: strawberry.ID
    project_id: strawberry.ID
    partner_id: strawberry.ID
    period_number: int
    period_start: date
    period_end: date | None
    plan_version: int
    state: str = strawberry.field(description="draft, submitted, in_control or certified.")
    line_count: int = strawberry.field(description="Expenditure lines not withdrawn.")
    submitted_on: date | None
    submitted_by: str | None
    reopenings: int
    reopen_reason: str | None
    control_started_on: date | None
    controller: str | None
    second_reviewer: str | None
    certified_on: date | None
    certified_by: str | None
    declared_total: Money = strawberry.field(
        description="Lines not withdrawn plus flat rates on their declared base."
    )
    eligible_total: Money | None = strawberry.field(description="As certified (null before).")
    version_position: BigInt = strawberry.field(description="Log position of its last change.")

    @classmethod
    def from_row(cls, row: Any) -> PartnerReport:
        c, eligible = row["currency"], row["eligible_total"]
        return cls(
            id=_id(row["report_id"]), project_id=_id(row["project_id"]),
            partner_id=_id(row["partner_id"]), period_number=row["period_number"],
            period_start=row["period_start"], period_end=row["period_end"],
            plan_version=row["plan_version"], state=row["state"], line_count=row["lines"],
            submitted_on=row["submitted_on"], submitted_by=row["submitted_by"],
            reopenings=row["reopenings"], reopen_reason=row["reopen_reason"],
            control_started_on=row["control_started_on"], controller=row["controller"],
            second_reviewer=row["second_reviewer"], certified_on=row["certified_on"],
            certified_by=row["certified_by"], declared_total=money(row["declared_total"], c),
            eligible_total=None if eligible is None else money(eligible, c),
            version_position=BigInt(row["last_position"]),
        )  # fmt: skip

    @strawberry.field
    def state_label(self, info: Info, lang: str | None = None) -> str:
        return label("report_state", self.state, lang or info.context.lang)

    @strawberry.field(description="Its flat rates, each with rate, base and amount.")
    async def flat_rates(self, info: Info) -> list[FlatRateAmount]:
        rows = await loader(info, data.flat_rates_by_report).load(UUID(self.id))
        return [FlatRateAmount.from_row(row) for row in rows]


@strawberry.type(description="The rate a foreign-currency line was converted at, frozen on it.")
class ExchangeRate:
    rate: Decimal = strawberry.field(
        description="Units of the declared currency per unit of the report's currency."
    )
    rate_date: date | None
    source: str | None


@strawberry.type(description="An amount a controller deducted from a line, and why.")
class Deduction:
    position: BigInt = strawberry.field(description="Log position of the deduction.")
    amount: Money
    error_type: str
    comment: str
    actor: str | None
    recorded_at: datetime

    @strawberry.field
    def error_type_label(self, info: Info, lang: str | None = None) -> str:
        return label("error_type", self.error_type, lang or info.context.lang)


@strawberry.type(
    description="An invoice or payslip declared in a report (dépense / gasto), "
    "and what first-level control made of it."
)
class ExpenditureLine(_OfPartner):
    report_id: strawberry.ID
    line_number: int
    project_id: strawberry.ID
    partner_id: strawberry.ID
    period_number: int
    cost_category: str
    description: str
    supplier: str
    invoice_number: str
    invoice_date: date
    payment_date: date
    declared: Money = strawberry.field(description="As invoiced, in its own currency.")
    vat: Money
    vat_recoverable: bool
    exchange_rate: ExchangeRate | None
    amount: Money = strawberry.field(description="In the report's (project's) currency.")
    withdrawn: bool
    sampled: bool = strawberry.field(description="Drawn in the controller's sample.")
    deducted: Money
    deduction_count: int
    last_error_type: str | None
    parked: bool = strawberry.field(description="Set aside by control, counts for nothing.")
    park_reason: str | None
    eligible: Money = strawberry.field(description="What control leaves of it.")
    version_position: BigInt

    @classmethod
    def from_row(cls, row: Any) -> ExpenditureLine:
        c, declared_in = row["currency"], row["declared_currency"]
        exchange = _exchange_rate(row)
        return cls(
            report_id=_id(row["report_id"]), line_number=row["line_number"],
            project_id=_id(row["project_id"]), partner_id=_id(row["partner_id"]),
            period_number=row["period_number"], cost_category=row["cost_category"],
            description=row["description"], supplier=row["supplier"],
            invoice_number=row["invoice_number"], invoice_date=row["invoice_date"],
            payment_date=row["payment_date"], declared=money(row["declared_amount"], declared_in),
            vat=money(row["vat"], declared_in), vat_recoverable=row["vat_recoverable"],
            exchange_rate=exchange, amount=money(row["amount"], c), withdrawn=row["withdrawn"],
            sampled=row["sampled"], deducted=money(row["deducted"], c),
            deduction_count=row["deductions"], last_error_type=row["last_error_type"],
            parked=row["parked"], park_reason=row["park_reason"],
            eligible=money(row["eligible"], c), version_position=BigInt(row["last_position"]),
        )  # fmt: skip

    @strawberry.field(description="The cost category's name in en, fr or es.")
    def cost_category_label(self, info: Info, lang: str | None = None) -> str:
        return cost_category_label(self.cost_category, lang or info.context.lang)

    @strawberry.field(description="Where the supporting document is kept.")
    async def evidence_ref(self, info: Info) -> str | None:
        key = (UUID(self.report_id), self.line_number)
        return await loader(info, data.evidence_by_line).load(key)

    @strawberry.field(description="Each deduction of first-level control, in log order.")
    async def deductions(self, info: Info) -> list[Deduction]:
        key = (UUID(self.report_id), self.line_number)
        rows = await loader(info, data.deductions_by_line).load(key)
        return [_deduction(row) for row in rows]

    @strawberry.field
    async def report(self, info: Info) -> PartnerReport:
        return PartnerReport.from_row(
            await loader(info, data.reports_by_id).load(UUID(self.report_id))
        )


def _exchange_rate(row: Any) -> ExchangeRate | None:
    if row["exchange_rate"] is None:
        return None
    return ExchangeRate(
        rate=row["exchange_rate"], rate_date=row["rate_date"], source=row["rate_source"]
    )


def _deduction(row: Any) -> Deduction:
    return Deduction(
        position=BigInt(row["position"]), amount=money(row["amount"], row["currency"]),
        error_type=row["error_type"], comment=row["comment"], actor=row["actor"],
        recorded_at=row["recorded_at"],
    )  # fmt: skip
