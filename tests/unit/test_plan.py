from datetime import date
from decimal import Decimal

import pytest

from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.errors import (
    FlatRateAboveCeiling,
    ModificationBackdated,
    NegativeBudget,
    NoPlanInForce,
    TooManyWorkPackages,
)
from domain.plan import BudgetChange, Plan, PlanContent, WorkPackage
from tests.unit.builders import (
    OCCITANIE_EN_SCENE,
    SCENE_NATIONALE_TARBES,
    eur,
    pyrenart,
    pyrenart_plan,
)


def modified_plan() -> Plan:
    plan = pyrenart_plan(pyrenart())
    shift = (
        BudgetChange(OCCITANIE_EN_SCENE, CostCategory.STAFF, 1, eur("-5000")),
        BudgetChange(SCENE_NATIONALE_TARBES, CostCategory.STAFF, 1, eur("5000")),
    )
    plan.approve_modification(date(2021, 1, 1), date(2020, 12, 15), "JS", "budget shift", shift)
    return plan


def test_the_plan_in_force_depends_on_the_date() -> None:
    plan = modified_plan()
    assert plan.plan_in_force(date(2020, 12, 31)).number == 1
    assert plan.plan_in_force(date(2021, 1, 1)).number == 2
    assert plan.plan_in_force(date(2022, 6, 1)).number == 2


def test_no_plan_is_in_force_before_the_first_version() -> None:
    with pytest.raises(NoPlanInForce):
        modified_plan().plan_in_force(date(2019, 9, 30))


def test_a_modification_keeps_the_budget_total_and_moves_it_between_partners() -> None:
    plan = modified_plan()
    old, new = plan.version_number(1).content, plan.current.content
    assert new.budget_total() == old.budget_total() == eur("68000")
    assert new.partner_budget(SCENE_NATIONALE_TARBES) == eur("25000")


def test_a_modification_making_a_partner_budget_negative_is_refused() -> None:
    plan = pyrenart_plan(pyrenart())
    cut = (BudgetChange(SCENE_NATIONALE_TARBES, CostCategory.STAFF, 1, eur("-20000.01")),)
    with pytest.raises(NegativeBudget) as caught:
        plan.approve_modification(date(2021, 1, 1), date(2021, 1, 1), "JS", "cut", cut)
    assert caught.value.rule == "negative_budget"
    assert plan.current.number == 1


def test_a_modification_cannot_take_effect_before_the_version_it_replaces() -> None:
    plan = modified_plan()
    with pytest.raises(ModificationBackdated):
        plan.approve_modification(date(2020, 6, 1), date(2021, 2, 1), "JS", "late fix")


def test_a_modification_can_replace_flat_rates_and_keeps_the_rest() -> None:
    plan = modified_plan()
    travel = FlatRate(FlatRateKind.TRAVEL_ON_STAFF, Decimal("0.15"))
    plan.approve_modification(date(2021, 6, 1), date(2021, 5, 1), "JS", "SCO", flat_rates=(travel,))
    assert plan.current.content.flat_rates == (travel,)
    assert plan.current.content.work_packages == plan.version_number(2).content.work_packages


def test_a_flat_rate_above_its_ceiling_is_refused() -> None:
    with pytest.raises(FlatRateAboveCeiling):
        FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.16"))


def test_erasmus_plus_lump_sum_projects_have_at_most_ten_work_packages() -> None:
    work_packages = tuple(WorkPackage(f"WP{n}", "x", eur("10000")) for n in range(1, 12))
    with pytest.raises(TooManyWorkPackages):
        Plan.adopt(
            pyrenart().id,
            PlanContent(work_packages=work_packages),
            date(2021, 1, 1),
            date(2020, 12, 1),
            "EACEA",
            max_work_packages=10,
        )
