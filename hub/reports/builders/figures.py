"""Figures shared by the builders, computed with the domain's own methods: amounts per
cost category of a partner report (flat rates included, in the category they pay for),
fund shares, percentages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from domain.costs import FLAT_RATE_RULES, CostCategory, FlatRateKind
from domain.expenditure import PartnerReport, ReportStatus
from domain.money import Money
from domain.plan import PlanContent

ZERO = Decimal("0.00")
PERCENT = Decimal("0.0001")
CONTROLLED = (ReportStatus.IN_CONTROL, ReportStatus.CERTIFIED)
CATEGORY_ORDER = [*CostCategory, *FlatRateKind]


def flat_rate_category(kind: FlatRateKind) -> str:
    """The cost category a flat rate pays for (the flat rate's kind when it covers several)."""
    covers = FLAT_RATE_RULES[kind].covers
    return next(iter(covers)).value if len(covers) == 1 else kind.value


def by_category(report: PartnerReport, eligible: bool) -> dict[str, Decimal]:
    """Declared (or eligible) amounts per category, flat-rate amounts included."""
    costs = {c.value: m.amount for c, m in report.direct_costs(eligible).items()}
    for flat in report.flat_rate_amounts(eligible):
        category = flat_rate_category(flat.kind)
        costs[category] = costs.get(category, ZERO) + flat.amount.amount
    return costs


def flat_rates_by_category(report: PartnerReport) -> dict[str, Decimal]:
    return {flat_rate_category(f.kind): f.rate for f in report.flat_rates}


def add_into(target: dict[str, Decimal], amounts: dict[str, Decimal]) -> None:
    for key, amount in amounts.items():
        target[key] = target.get(key, ZERO) + amount


def budget_by_category(
    content: PlanContent, partner_id: object, period_number: int | None = None
) -> dict[str, Decimal]:
    budget: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in content.budget:
        if line.partner_id == partner_id and period_number in (None, line.period_number):
            budget[line.category.value] += line.amount.amount
    return dict(budget)


def ordered(categories: Iterable[str]) -> list[str]:
    wanted = set(categories)
    return [c.value for c in CATEGORY_ORDER if c.value in wanted]


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` as a fraction to four places (0.6543 = 65.43 %); None for no whole."""
    if not whole:
        return None
    return (part / whole).quantize(PERCENT, ROUND_HALF_UP)


def share(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """A fund's share of an amount, rounded to the cent half up as ``Money.times`` does."""
    return Money(amount, currency).times(rate).amount


def is_controlled(report: PartnerReport) -> bool:
    return report.status in CONTROLLED
