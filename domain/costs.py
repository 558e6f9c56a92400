"""Cost categories and simplified cost options (Regulation (EU) 2021/1059, Arts 38-44).

A cost category is the *catégorie de dépenses* / *categoría de gasto*. A flat rate
(*taux forfaitaire* / *tipo fijo*) is applied to a base of direct costs; its amount is
never declared but derived from that base, so it follows any change of the base (a
controller cutting staff costs lowers the office-and-administration flat rate).
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.errors import FlatRateAboveCeiling, InvalidRate
from domain.money import Money


class CostCategory(StrEnum):
    STAFF = "staff"
    OFFICE_AND_ADMINISTRATION = "office_and_administration"
    TRAVEL_AND_ACCOMMODATION = "travel_and_accommodation"
    EXTERNAL_EXPERTISE_AND_SERVICES = "external_expertise_and_services"
    EQUIPMENT = "equipment"
    INFRASTRUCTURE_AND_WORKS = "infrastructure_and_works"
    LUMP_SUM = "lump_sum"
    UNIT_COST = "unit_cost"


DIRECT_COSTS_OTHER_THAN_STAFF = frozenset(
    {
        CostCategory.TRAVEL_AND_ACCOMMODATION,
        CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES,
        CostCategory.EQUIPMENT,
        CostCategory.INFRASTRUCTURE_AND_WORKS,
    }
)


class FlatRateKind(StrEnum):
    """The simplified cost options, each with its base, what it covers and its ceiling."""

    OFFICE_AND_ADMINISTRATION_ON_STAFF = "office_and_administration_on_staff"
    STAFF_ON_OTHER_DIRECT_COSTS = "staff_on_other_direct_costs"
    OTHER_COSTS_ON_STAFF = "other_costs_on_staff"
    TRAVEL_ON_STAFF = "travel_on_staff"


@dataclass(frozen=True)
class _Rule:
    base: frozenset[CostCategory]
    covers: frozenset[CostCategory]
    ceiling: Decimal


_STAFF = frozenset({CostCategory.STAFF})
FLAT_RATE_RULES: dict[FlatRateKind, _Rule] = {
    FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF: _Rule(
        _STAFF, frozenset({CostCategory.OFFICE_AND_ADMINISTRATION}), Decimal("0.15")
    ),
    FlatRateKind.STAFF_ON_OTHER_DIRECT_COSTS: _Rule(
        DIRECT_COSTS_OTHER_THAN_STAFF, _STAFF, Decimal("0.20")
    ),
    FlatRateKind.OTHER_COSTS_ON_STAFF: _Rule(
        _STAFF,
        DIRECT_COSTS_OTHER_THAN_STAFF | {CostCategory.OFFICE_AND_ADMINISTRATION},
        Decimal("0.40"),
    ),
    # 15 % is common; the ceiling is kept configurable here (unconfirmed).
    FlatRateKind.TRAVEL_ON_STAFF: _Rule(
        _STAFF, frozenset({CostCategory.TRAVEL_AND_ACCOMMODATION}), Decimal("0.15")
    ),
}


@dataclass(frozen=True)
class FlatRate:
    """A flat rate chosen in the plan: ``FlatRate(OFFICE_AND_ADMINISTRATION_ON_STAFF, 0.15)``."""

    kind: FlatRateKind
    rate: Decimal

    def __post_init__(self) -> None:
        value: Any = self.rate
        if not isinstance(value, Decimal) or not Decimal(0) < value <= Decimal(1):
            raise InvalidRate(f"flat rate must be a Decimal in (0, 1], got {value!r}")
        if value > FLAT_RATE_RULES[self.kind].ceiling:
            raise FlatRateAboveCeiling(f"{self.kind} at {value} is above its ceiling")

    @property
    def base(self) -> frozenset[CostCategory]:
        return FLAT_RATE_RULES[self.kind].base

    @property
    def covers(self) -> frozenset[CostCategory]:
        return FLAT_RATE_RULES[self.kind].covers

    def base_on(self, direct_costs: dict[CostCategory, Money], currency: str) -> Money:
        """The base this flat rate applies to, given the direct costs per category."""
        base = Money.zero(currency)
        for category in sorted(self.base):
            base = base + direct_costs.get(category, Money.zero(currency))
        return base

    def amount_on(self, direct_costs: dict[CostCategory, Money], currency: str) -> Money:
        """This flat rate's amount given the direct costs per category."""
        return self.base_on(direct_costs, currency).times(self.rate)


def covered_categories(flat_rates: tuple[FlatRate, ...]) -> frozenset[CostCategory]:
    """Categories that are paid by a flat rate, so not declared line by line."""
    covered: frozenset[CostCategory] = frozenset()
    for flat_rate in flat_rates:
        covered = covered | flat_rate.covers
    return covered
