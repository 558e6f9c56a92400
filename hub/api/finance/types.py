"""Finance entities: budget cells, partner reports, expenditure lines, payments.

Scalar fields are plain attributes; partner, project and report go through the request's
DataLoaders (the directory's loaders for organisations and projects).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.directory import data as directory
from hub.api.directory.types import Organisation, Project, ReportingPeriod
from hub.api.finance import data as finance_data
from hub.api.labels import LABELS, label
from hub.api.loaders import loader
from hub.api.money import Money, money

CENT = Decimal("0.01")


def cost_category_label(value: str, lang: str) -> str:
    """A cost category (catégorie de dépenses / categoría de gasto), a simplified cost
    option, or the flat rate paying for several categories."""
    for kind in ("cost_category", "simplified_cost", "flat_rate_kind"):
        if value in LABELS.get(kind, {}):
            return label(kind, value, lang)
    return value


def _id(value: Any) -> strawberry.ID:
    return strawberry.ID(str(value))


@strawberry.type
class _OfPartner:
    """Partner and project relations of the finance rows (both through DataLoaders)."""

    project_id: strawberry.ID
    partner_id: strawberry.ID

    @strawberry.field(description="The partner organisation.")
    async def partner(self, info: Info) -> Organisation:
        row = await loader(info, directory.organisations_by_id).load(UUID(self.partner_id))
        return Organisation.from_row(row)

    @strawberry.field
    async def project(self, info: Info) -> Project:
        row = await loader(info, directory.projects_by_id).load(UUID(self.project_id))
        return Project.from_row(row)


@strawberry.type(
    description="A cost of the budget: per partner, cost category and reporting "
    "period, the budget of the current plan version and what was declared and "
    "validated against it. With a fund, that fund's share at its co-financing "
    "rate. Payments name a partner and a fund, not a category: see budgetSummary."
)
class BudgetLine(_OfPartner):
    project_id: strawberry.ID
    partner_id: strawberry.ID
    cost_category: str
    period_number: int
    fund: str | None = strawberry.field(description="Null: all funds (the eligible cost).")
    cofinancing_rate: Decimal | None
    budget: Money
    declared: Money = strawberry.field(
        description="In reports submitted, in control or "
        "certified (flat rates on their declared base)."
    )
    validated: Money = strawberry.field(
        description="Eligible after first-level control, in certified reports."
    )

    @classmethod
    def from_row(cls, row: Any) -> BudgetLine:
        currency = row["currency"]
        return cls(
            project_id=_id(row["project_id"]), partner_id=_id(row["partner_id"]),
            cost_category=row["cost_category"], period_number=row["period_number"],
            fund=row["fund"], cofinancing_rate=row["cofinancing_rate"],
            budget=money(row["budget"], currency), declared=money(row["declared"], currency),
            validated=money(row["validated"], currency),
        )  # fmt: skip

    @strawberry.field(description="The cost category's name in en, fr or es.")
    def cost_category_label(self, info: Info, lang: str | None = None) -> str:
        return cost_category_label(self.cost_category, lang or info.context.lang)

    @strawberry.field
    async def reporting_period(self, info: Info) -> ReportingPeriod | None:
        rows = await loader(info, directory.reporting_periods_by_project).load(
            UUID(self.project_id)
        )
        row = next((r for r in rows if r["number"] == self.period_number), None)
        if row is None:
            return None
        return ReportingPeriod(number=row["number"], starts_on=row["starts_on"],
                               ends_on=row["ends_on"])  # fmt: skip


@strawberry.type(description="One fund's share of a partner's figures, and its payments.")
class FundFigures:
    fund: str
    cofinancing_rate: Decimal
    budget: Money
    declared: Money
    validated: Money
    authorised: Money
    paid: Money = strawberry.field(description="Payments confirmed as made.")

    @strawberry.field
    def fund_label(self, info: Info, lang: str | None = None) -> str:
        return label("fund", self.fund, lang or info.context.lang)


@strawberry.type(
    description="A partner's budget, declared and validated in one cost category, over "
    "every reporting period."
)
class CategoryFigures:
    cost_category: str
    budget: Money
    declared: Money
    validated: Money

    @classmethod
    def from_row(cls, row: Any) -> CategoryFigures:
        c = row["currency"]
        return cls(
            cost_category=row["cost_category"], budget=money(row["budget"], c),
            declared=money(row["declared"], c), validated=money(row["validated"], c),
        )  # fmt: skip

    @strawberry.field(description="The cost category's name in en, fr or es.")
    def cost_category_label(self, info: Info, lang: str | None = None) -> str:
        return cost_category_label(self.cost_category, lang or info.context.lang)


@strawberry.type(
    description="A partner's totals in a project: budget, in draft, declared, "
    "validated, and payments authorised and paid, then per fund."
)
class PartnerBudgetSummary(_OfPartner):
    project_id: strawberry.ID
    partner_id: strawberry.ID
    budget: Money
    in_draft: Money
    declared: Money
    validated: Money
    authorised: Money
    paid: Money
    funds: list[FundFigures]

    @strawberry.field(description="Its figures per cost category (every period), by category.")
    async def categories(self, info: Info) -> list[CategoryFigures]:
        key = (UUID(self.project_id), UUID(self.partner_id))
        rows = await loader(info, finance_data.categories_by_partner).load(key)
        return [CategoryFigures.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: Any, funds: list[Any]) -> PartnerBudgetSummary:
        c = row["currency"]
        return cls(
            project_id=_id(row["project_id"]), partner_id=_id(row["partner_id"]),
            budget=money(row["budget"], c), in_draft=money(row["in_draft"], c),
            declared=money(row["declared"], c), validated=money(row["validated"], c),
            authorised=money(row["authorised"], c), paid=money(row["paid"], c),
            funds=[_fund(f) for f in funds],
        )  # fmt: skip


def _fund(row: Any) -> FundFigures:
    c = row["currency"]
    return FundFigures(
        fund=row["fund"], cofinancing_rate=row["cofinancing_rate"],
        budget=money(row["budget_share"], c), declared=money(row["declared_share"], c),
        validated=money(row["validated_share"], c), authorised=money(row["authorised"], c),
        paid=money(row["paid"], c),
    )  # fmt: skip


@strawberry.type(
    description="A payment by a fund to a partner: advance, interim or balance, "
    "authorised then confirmed as made."
)
class Payment(_OfPartner):
    id: strawberry.ID
    project_id: strawberry.ID
    partner_id: strawberry.ID
    fund: str
    kind: str = strawberry.field(description="advance, interim or balance.")
    sequence: int
    amount: Money
    authorised_by: str
    authorised_on: date
    confirmed_by: str | None
    confirmed_on: date | None
    partner_report_ids: list[strawberry.ID] = strawberry.field(
        description="The certified reports an interim or balance payment pays."
    )

    @classmethod
    def from_row(cls, row: Any) -> Payment:
        return cls(
            id=_id(row["payment_id"]), project_id=_id(row["project_id"]),
            partner_id=_id(row["partner_id"]), fund=row["fund"], kind=row["kind"],
            sequence=row["sequence"], amount=money(row["amount"], row["currency"]),
            authorised_by=row["authorised_by"], authorised_on=row["authorised_on"],
            confirmed_by=row["confirmed_by"], confirmed_on=row["confirmed_on"],
            partner_report_ids=[_id(r) for r in row["partner_reports"]],
        )  # fmt: skip

    @strawberry.field
    def kind_label(self, info: Info, lang: str | None = None) -> str:
        return label("payment_kind", self.kind, lang or info.context.lang)

    @strawberry.field
    def fund_label(self, info: Info, lang: str | None = None) -> str:
        return label("fund", self.fund, lang or info.context.lang)
