from datetime import date
from decimal import Decimal

import pytest

from domain.costs import CostCategory, FlatRateKind
from domain.errors import (
    CostCategoryCoveredByFlatRate,
    DeductionExceedsDeclaredAmount,
    ExchangeRateRequired,
    ExpenditureByNonPartner,
    ExpenditureLineNotFound,
    ExpenditureOutsideProjectPeriod,
    InvalidStateTransition,
    LineNotParked,
    LineParked,
    ReasonRequired,
    ReportNotEditable,
    ReportNotInControl,
    SecondReviewerMustDiffer,
    SecondReviewRequired,
)
from domain.expenditure import ErrorType, ReportStatus
from domain.money import ExchangeRate, Money
from domain.project import PartnerRole
from tests.unit.builders import (
    ATENEU_POPULAR,
    declare,
    draft_report,
    eur,
    pyrenart,
    report_in_control,
)


def test_expenditure_outside_the_project_period_is_refused() -> None:
    with pytest.raises(ExpenditureOutsideProjectPeriod) as caught:
        declare(draft_report(), on=date(2019, 9, 30))
    assert caught.value.rule == "expenditure_outside_project_period"


def test_expenditure_by_an_organisation_that_was_not_yet_a_partner_is_refused() -> None:
    project = pyrenart()
    project.admit_partner(ATENEU_POPULAR, PartnerRole.PARTNER, date(2020, 6, 1))
    report = draft_report(project, ATENEU_POPULAR)
    with pytest.raises(ExpenditureByNonPartner) as caught:
        declare(report, on=date(2020, 5, 31), project=project)
    assert caught.value.rule == "expenditure_by_non_partner"
    assert declare(report, on=date(2020, 6, 1), project=project) == 1


def test_expenditure_after_a_partner_left_is_refused() -> None:
    project = pyrenart()
    report = draft_report(project)
    project.change_partner_role(report.partner_id, PartnerRole.PARTNER, date(2020, 1, 1))
    project.withdraw_partner(report.partner_id, date(2020, 6, 30), "dissolved")
    with pytest.raises(ExpenditureByNonPartner):
        declare(report, on=date(2020, 7, 1), project=project)


def test_a_cad_line_needs_its_exchange_rate() -> None:
    with pytest.raises(ExchangeRateRequired):
        declare(draft_report(), "1483.70", currency="CAD")


def test_a_cad_line_freezes_its_rate_and_converted_amount() -> None:
    report = draft_report()
    rate = ExchangeRate(Decimal("1.4837"), date(2020, 3, 1), "InforEuro 2020-03")
    number = declare(report, "1483.70", currency="CAD", rate=rate)
    line = report.lines[number]
    assert line.exchange_rate == rate
    assert line.declared_in_report_currency == eur("1000.00")


def test_office_costs_covered_by_the_flat_rate_are_not_declared_line_by_line() -> None:
    with pytest.raises(CostCategoryCoveredByFlatRate):
        declare(draft_report(), category=CostCategory.OFFICE_AND_ADMINISTRATION)


def test_the_office_flat_rate_is_derived_from_declared_staff_costs() -> None:
    report = draft_report()
    declare(report, "1000.00")
    declare(report, "500.00", category=CostCategory.TRAVEL_AND_ACCOMMODATION)
    (office,) = report.flat_rate_amounts()
    assert office.kind == FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF
    assert (office.base, office.amount) == (eur("1000.00"), eur("150.00"))
    assert report.declared_total() == eur("1650.00")


def test_a_controller_cutting_staff_costs_lowers_the_office_flat_rate() -> None:
    report = report_in_control("1000.00")
    report.deduct(1, eur("200.00"), ErrorType.MISSING_EVIDENCE, "timesheet missing for March")
    (office,) = report.flat_rate_amounts(eligible=True)
    assert office.amount == eur("120.00")
    assert report.eligible_total() == eur("920.00")


def test_a_deduction_larger_than_the_declared_amount_is_refused() -> None:
    report = report_in_control("1000.00")
    report.deduct(1, eur("600.00"), ErrorType.INELIGIBLE_COST, "bonus")
    with pytest.raises(DeductionExceedsDeclaredAmount) as caught:
        report.deduct(1, eur("400.01"), ErrorType.INELIGIBLE_COST, "more")
    assert caught.value.rule == "deduction_exceeds_declared_amount"


def test_a_parked_line_counts_for_nothing_until_reincluded() -> None:
    report = report_in_control("1000.00", "300.00")
    report.park_line(2, "public procurement file under review")
    assert report.eligible_amount(2) == eur("0")
    with pytest.raises(LineParked):
        report.deduct(2, eur("1.00"), ErrorType.OTHER, "x")
    report.reinclude_line(2)
    assert report.eligible_amount(2) == eur("300.00")


def test_reincluding_a_line_that_is_not_parked_is_refused() -> None:
    with pytest.raises(LineNotParked):
        report_in_control().reinclude_line(1)


def test_sampling_an_unknown_line_is_refused() -> None:
    with pytest.raises(ExpenditureLineNotFound):
        report_in_control().sample_line(7)


def test_control_decisions_need_a_report_in_control() -> None:
    report = draft_report()
    declare(report)
    with pytest.raises(ReportNotInControl):
        report.deduct(1, eur("1.00"), ErrorType.OTHER, "too early")


def test_certification_needs_a_second_reviewer_other_than_the_controller() -> None:
    report = report_in_control()
    with pytest.raises(SecondReviewRequired):
        report.certify(date(2021, 4, 1), "controller@cicc")
    with pytest.raises(SecondReviewerMustDiffer):
        report.assign_second_reviewer("controller@cicc")
    report.assign_second_reviewer("reviewer@cicc")
    report.certify(date(2021, 4, 1), "controller@cicc")
    assert report.status == ReportStatus.CERTIFIED
    assert report.certified_total == eur("1150.00")


def test_a_report_in_control_can_be_reopened_to_draft_with_a_reason() -> None:
    report = report_in_control()
    with pytest.raises(ReasonRequired):
        report.reopen("controller@cicc", "")
    report.reopen("controller@cicc", "payslips of March missing")
    assert report.status == ReportStatus.DRAFT
    declare(report, "250.00")


def test_a_certified_report_is_not_reopened_nor_edited() -> None:
    report = report_in_control()
    report.assign_second_reviewer("reviewer@cicc")
    report.certify(date(2021, 4, 1), "controller@cicc")
    with pytest.raises(InvalidStateTransition):
        report.reopen("controller@cicc", "why not")
    with pytest.raises(ReportNotEditable):
        declare(report)


def test_a_submitted_report_takes_no_new_expenditure() -> None:
    report = draft_report()
    report.submit(date(2021, 2, 1), "finance")
    with pytest.raises(ReportNotEditable):
        declare(report)
    with pytest.raises(InvalidStateTransition):
        report.submit(date(2021, 2, 2), "finance")


def test_a_withdrawn_line_leaves_the_report() -> None:
    report = draft_report()
    declare(report, "100.00")
    report.withdraw_expenditure(1)
    assert report.declared_total() == Money.zero()
    assert declare(report) == 2
