from datetime import date

import pytest

from domain.audits import Audit, AuditingBody
from domain.errors import (
    AuditClosed,
    AuditHasOpenFindings,
    ConfirmationBeforeAuthorisation,
    FindingAlreadyExists,
    FindingNotFound,
    NegativeAmount,
    PaymentAlreadyConfirmed,
)
from domain.payments import Payment, PaymentKind, retention_deadline
from domain.project import Fund
from tests.unit.builders import SCENE_NATIONALE_TARBES, eur, pyrenart


def interim() -> Payment:
    return Payment.authorise(
        pyrenart().id,
        SCENE_NATIONALE_TARBES,
        Fund.ERDF,
        PaymentKind.INTERIM,
        1,
        eur("13000.00"),
        "joint secretariat",
        date(2021, 9, 1),
    )


def test_a_payment_is_authorised_then_confirmed_once() -> None:
    payment = interim()
    payment.confirm("lead partner treasurer", date(2021, 9, 20))
    assert payment.is_confirmed
    with pytest.raises(PaymentAlreadyConfirmed):
        payment.confirm("lead partner treasurer", date(2021, 9, 21))


def test_a_payment_cannot_be_confirmed_before_it_was_authorised() -> None:
    with pytest.raises(ConfirmationBeforeAuthorisation):
        interim().confirm("treasurer", date(2021, 8, 31))


def test_a_payment_of_zero_is_refused() -> None:
    with pytest.raises(NegativeAmount):
        Payment.authorise(
            pyrenart().id,
            SCENE_NATIONALE_TARBES,
            Fund.ERDF,
            PaymentKind.ADVANCE,
            1,
            eur("0"),
            "JS",
            date(2020, 1, 1),
        )


def test_documents_are_kept_five_years_from_the_end_of_the_last_payment_year() -> None:
    assert retention_deadline(date(2023, 3, 15)) == date(2028, 12, 31)
    assert retention_deadline(date(2023, 3, 15), state_aid=True) == date(2033, 12, 31)


def audit() -> Audit:
    return Audit.open(
        pyrenart().id,
        AuditingBody.AUDIT_AUTHORITY,
        "CICC-2022-014",
        "sample of reporting period 2",
        date(2022, 5, 2),
    )


def test_an_audit_records_findings_corrections_and_follow_up() -> None:
    found = audit()
    found.record_finding(1, "Procurement threshold not respected", SCENE_NATIONALE_TARBES)
    found.impose_correction(1, eur("2500.00"), date(2022, 6, 1))
    found.follow_up(1, "Amount recovered from the next interim payment", date(2022, 9, 1))
    found.close_finding(1, date(2022, 9, 1))
    found.close(date(2022, 9, 30))
    assert found.total_corrections() == eur("2500.00")
    with pytest.raises(AuditClosed):
        found.record_finding(2, "late", None)


def test_an_audit_with_open_findings_cannot_be_closed() -> None:
    found = audit()
    found.record_finding(1, "Missing timesheets", None)
    with pytest.raises(AuditHasOpenFindings) as caught:
        found.close(date(2022, 9, 30))
    assert caught.value.rule == "audit_has_open_findings"


def test_a_correction_needs_a_known_finding_and_a_positive_amount() -> None:
    found = audit()
    with pytest.raises(FindingNotFound):
        found.impose_correction(9, eur("1.00"), date(2022, 6, 1))
    found.record_finding(1, "x", None)
    with pytest.raises(FindingAlreadyExists):
        found.record_finding(1, "y", None)
    with pytest.raises(NegativeAmount):
        found.impose_correction(1, eur("-1.00"), date(2022, 6, 1))
