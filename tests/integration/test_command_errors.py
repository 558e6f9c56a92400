"""Typed domain errors arrive through the bus, and nothing is appended."""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import errors
from domain.expenditure import ErrorType
from domain.money import Money
from domain.organisation import LegalStatus, VatRecovery
from domain.project import PartnerRole
from hub import commands as c
from hub.database import Database
from hub.eventstore import EventStore
from hub.handlers import AggregateAlreadyExists, AggregateNotFound
from tests.integration.command_fixtures import Story, draft_report, payslip, running_project

Refused = Callable[[Story, UUID], Any]
CASES: list[tuple[str, Refused, type[Exception]]] = [
    ("start twice", lambda s, r: c.StartProject(s.project_id), errors.InvalidStateTransition),
    ("second lead", lambda s, r: c.ChangePartnerRole(
        s.project_id, s.partner_id, PartnerRole.LEAD_PARTNER, date(2019, 6, 1)),
     errors.LeadPartnerAlreadyAppointed),
    ("before joining", lambda s, r: payslip(r, on=date(2018, 12, 31)),
     errors.ExpenditureOutsideProjectPeriod),
    ("deduct in draft", lambda s, r: c.MakeDeduction(
        r, 1, Money.of("1.00"), ErrorType.OTHER, "x"), errors.ReportNotInControl),
    ("stream of another type", lambda s, r: c.SubmitDeliverable(r, date(2020, 1, 1), "x"),
     AggregateNotFound),
    ("unknown stream", lambda s, r: c.StartProject(uuid4()), AggregateNotFound),
    ("register twice", lambda s, r: c.RegisterOrganisation(
        f"La Grainerie {s.tag}", "FR", "Occitanie",
        LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO), AggregateAlreadyExists),
]  # fmt: skip


@pytest.mark.parametrize(("build", "error"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])  # fmt: skip
async def test_a_refused_command_raises_its_typed_error_and_appends_nothing(
    database: Database, build: Refused, error: type[Exception]
) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    head = await EventStore(database.pool, ()).head()
    with pytest.raises(error) as raised:
        await story.run(build(story, report_id))
    assert isinstance(raised.value, errors.DomainError)
    assert raised.value.rule
    assert (await EventStore(database.pool, ()).head()).position == head.position


async def test_a_deduction_larger_than_the_declared_amount_is_refused(database: Database) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    await story.run(payslip(report_id, "100.00"))
    await story.run(c.SubmitPartnerReport(report_id, date(2020, 1, 15), "ana"))
    await story.run(c.StartControl(report_id, "flc", date(2020, 1, 20)))
    with pytest.raises(errors.DeductionExceedsDeclaredAmount) as raised:
        await story.run(c.MakeDeduction(report_id, 1, Money.of("100.01"), ErrorType.OTHER, "x"))
    assert raised.value.rule == "deduction_exceeds_declared_amount"
