"""The pieces of a plan a mutation may send: work packages, deliverables, indicators,
budget lines and changes, flat rates (planned activities are left to the back office)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.plan import (
    BudgetChange,
    BudgetLine,
    Indicator,
    IndicatorKind,
    PlannedDeliverable,
    WorkPackage,
)
from hub.api.mutations.common import MoneyInput, allowed, choice, parse_id


@strawberry.input(description="A work package (lot de travail), with its lump sum if any.")
class WorkPackageInput:
    code: str
    title: str
    lump_sum: MoneyInput | None = None

    def to_domain(self) -> WorkPackage:
        lump_sum = None if self.lump_sum is None else self.lump_sum.to_money("lumpSum")
        return WorkPackage(self.code, self.title, lump_sum)


@strawberry.input(description="A deliverable (livrable) as the plan states it.")
class PlannedDeliverableInput:
    code: str
    work_package: str
    title: str
    due_on: date
    responsible_partner: strawberry.ID

    def to_domain(self) -> PlannedDeliverable:
        partner = parse_id(self.responsible_partner, "responsiblePartner")
        return PlannedDeliverable(self.code, self.work_package, self.title, self.due_on, partner)


@strawberry.input(description="An output or result indicator with its baseline and target.")
class IndicatorInput:
    code: str
    kind: str = strawberry.field(description=allowed(IndicatorKind))
    name: str
    unit: str
    baseline: Decimal
    target: Decimal

    def to_domain(self) -> Indicator:
        kind = choice(IndicatorKind, self.kind, "indicators.kind")
        return Indicator(self.code, kind, self.name, self.unit, self.baseline, self.target)


@strawberry.input(description="One partner's budget in one cost category for one period.")
class BudgetLineInput:
    partner_id: strawberry.ID
    category: str = strawberry.field(description=allowed(CostCategory))
    period_number: int
    amount: MoneyInput

    def to_domain(self) -> BudgetLine:
        return BudgetLine(
            parse_id(self.partner_id, "budget.partnerId"),
            choice(CostCategory, self.category, "budget.category"),
            self.period_number, self.amount.to_money("budget.amount"),
        )  # fmt: skip


@strawberry.input(description="A change to one budget cell; the delta may be negative.")
class BudgetChangeInput:
    partner_id: strawberry.ID
    category: str = strawberry.field(description=allowed(CostCategory))
    period_number: int
    delta: MoneyInput

    def to_domain(self) -> BudgetChange:
        return BudgetChange(
            parse_id(self.partner_id, "budgetChanges.partnerId"),
            choice(CostCategory, self.category, "budgetChanges.category"),
            self.period_number, self.delta.to_money("budgetChanges.delta"),
        )  # fmt: skip


@strawberry.input(description="A flat rate (taux forfaitaire) chosen in the plan, 0 < rate ≤ 1.")
class FlatRateInput:
    kind: str = strawberry.field(description=allowed(FlatRateKind))
    rate: Decimal

    def to_domain(self) -> FlatRate:
        return FlatRate(choice(FlatRateKind, self.kind, "flatRates.kind"), self.rate)
