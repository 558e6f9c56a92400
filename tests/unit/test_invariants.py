"""Random command sequences never break the invariants, and refused commands record nothing."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.costs import CostCategory
from domain.errors import DomainError
from domain.expenditure import ErrorType, PartnerReport, ReportStatus
from domain.money import Money
from domain.plan import BudgetChange
from tests.unit.builders import (
    OCCITANIE_EN_SCENE,
    SCENE_NATIONALE_TARBES,
    declare,
    draft_report,
    pyrenart,
    pyrenart_plan,
)

ALLOWED = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED),
    (ReportStatus.SUBMITTED, ReportStatus.IN_CONTROL),
    (ReportStatus.SUBMITTED, ReportStatus.DRAFT),
    (ReportStatus.IN_CONTROL, ReportStatus.DRAFT),
    (ReportStatus.IN_CONTROL, ReportStatus.CERTIFIED),
}
amounts = st.decimals(min_value=Decimal("-50"), max_value=Decimal("5000"), places=2)
line_numbers = st.integers(min_value=1, max_value=6)
categories = st.sampled_from([CostCategory.STAFF, CostCategory.TRAVEL_AND_ACCOMMODATION])


def report_command(data: st.DataObject, report: PartnerReport) -> None:
    step = data.draw(st.sampled_from(list(REPORT_STEPS)))
    REPORT_STEPS[step](data, report)


REPORT_STEPS: dict[str, Any] = {
    "declare": lambda d, r: declare(
        r,
        str(d.draw(amounts)),
        category=d.draw(categories),
        on=date(2019, 9, 25) + timedelta(d.draw(st.integers(0, 500))),
    ),
    "withdraw": lambda d, r: r.withdraw_expenditure(d.draw(line_numbers)),
    "submit": lambda d, r: r.submit(date(2021, 2, 1), "finance"),
    "control": lambda d, r: r.start_control(
        d.draw(st.sampled_from(["ctl", "rev"])), date(2021, 3, 1)
    ),
    "sample": lambda d, r: r.sample_line(d.draw(line_numbers)),
    "deduct": lambda d, r: r.deduct(
        d.draw(line_numbers), Money(d.draw(amounts)), ErrorType.INELIGIBLE_COST, "random"
    ),
    "park": lambda d, r: r.park_line(d.draw(line_numbers), "random"),
    "reinclude": lambda d, r: r.reinclude_line(d.draw(line_numbers)),
    "review": lambda d, r: r.assign_second_reviewer(d.draw(st.sampled_from(["ctl", "rev"]))),
    "certify": lambda d, r: r.certify(date(2021, 4, 1), "ctl"),
    "reopen": lambda d, r: r.reopen("ctl", d.draw(st.sampled_from(["", "missing payslip"]))),
}


def check_report_invariants(report: PartnerReport) -> None:
    for number, line in report.lines.items():
        eligible = report.eligible_amount(number)
        assert Money.zero() <= eligible <= line.declared_in_report_currency
        assert report.deducted(number) <= line.declared_in_report_currency
    assert Money.zero() <= report.eligible_total() <= report.declared_total()
    staff = report.direct_costs(eligible=True).get(CostCategory.STAFF, Money.zero())
    assert report.flat_rate_amounts(eligible=True)[0].amount == staff.times(Decimal("0.15"))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_control_sequences_keep_amounts_and_states_consistent(data: st.DataObject) -> None:
    report = draft_report()
    for _ in range(data.draw(st.integers(1, 25))):
        before_status, before_version = report.status, report.version
        try:
            report_command(data, report)
        except DomainError:
            assert report.version == before_version
            assert not report.pending_events[before_version:]
        if report.status != before_status:
            assert (before_status, report.status) in ALLOWED
        check_report_invariants(report)


budget_changes = st.builds(
    BudgetChange,
    st.sampled_from([OCCITANIE_EN_SCENE, SCENE_NATIONALE_TARBES]),
    st.sampled_from([CostCategory.STAFF, CostCategory.EQUIPMENT]),
    st.integers(1, 2),
    st.builds(
        Money, st.decimals(min_value=Decimal("-30000"), max_value=Decimal("30000"), places=2)
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(budget_changes, max_size=4), max_size=6))
def test_random_plan_modifications_never_leave_a_negative_budget(
    modifications: list[list[BudgetChange]],
) -> None:
    plan = pyrenart_plan(pyrenart())
    for number, changes in enumerate(modifications, start=1):
        try:
            plan.approve_modification(
                date(2020, 1, number), date(2020, 1, 1), "JS", "random", tuple(changes)
            )
        except DomainError:
            pass
        content = plan.current.content
        assert all(not line.amount.is_negative() for line in content.budget)
        total = sum((line.amount.amount for line in content.budget), Decimal(0))
        assert content.budget_total().amount == total
        assert [v.number for v in plan.versions] == list(range(1, len(plan.versions) + 1))
        assert plan.plan_in_force(date(2020, 1, number)) == plan.current
