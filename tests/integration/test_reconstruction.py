"""Reconstructing aggregates as of an earlier position or time, and upcasting old events."""

import asyncio
from datetime import date
from uuid import uuid4

from domain.expenditure import PartnerReport, ReportStatus
from domain.organisation import Organisation, VatRecovery
from domain.periods import Period
from domain.project import Project
from hub import commands as c
from hub.database import Database
from hub.eventstore import EventStore, NewEvent
from tests.integration.command_fixtures import bus_on, draft_report, payslip, running_project


async def test_a_project_is_reconstructed_as_of_an_earlier_position_and_time(
    database: Database,
) -> None:
    story = await running_project(database)
    before = await story.run(
        c.AddReportingPeriod(story.project_id, Period(date(2020, 1, 1), date(2020, 12, 31)))
    )
    await asyncio.sleep(0.01)
    await story.run(c.WithdrawPartner(story.project_id, story.partner_id, date(2020, 6, 30), "x"))
    repository = story.bus.repository
    then = await repository.get(Project, story.project_id, as_of_position=before.position)
    assert [p.number for p in then.reporting_periods] == [1, 2]
    assert then.memberships[story.partner_id].left_on is None
    events = await EventStore(database.pool, ()).read_stream(str(story.project_id))
    at = await repository.position_at(events[-2].recorded_at)
    assert at == before.position
    now = await repository.get(Project, story.project_id)
    assert now.memberships[story.partner_id].left_on == date(2020, 6, 30)


async def test_a_partner_report_is_reconstructed_as_it_stood_before_certification(
    database: Database,
) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    await story.run(payslip(report_id, "1000.00"))
    submitted = await story.run(c.SubmitPartnerReport(report_id, date(2020, 1, 15), "ana"))
    await story.run(c.ReopenPartnerReport(report_id, "flc", "invoice unreadable"))
    await story.run(payslip(report_id, "50.00"))
    repository = story.bus.repository
    then = await repository.get(PartnerReport, report_id, as_of_position=submitted.position)
    assert then.status == ReportStatus.SUBMITTED
    assert str(then.declared_total().amount) == "1150.00"  # 1000 + 15 % flat rate
    events = await EventStore(database.pool, ()).read_stream(str(report_id))
    at = await repository.position_at(events[submitted.stream_version - 1].recorded_at)
    as_of_time = await repository.get(PartnerReport, report_id, as_of_position=at)
    assert (as_of_time.status, len(as_of_time.lines)) == (ReportStatus.SUBMITTED, 1)
    now = await repository.get(PartnerReport, report_id)
    assert (now.status, len(now.lines)) == (ReportStatus.DRAFT, 2)


async def test_a_stored_version_1_organisation_loads_upcast_to_version_2(
    database: Database,
) -> None:
    organisation_id = Organisation.create_id(f"Artemrede {uuid4()}", "PT")
    old_payload = {
        "name": "Artemrede", "country": "PT", "region": "Centro",
        "legal_status": "non_profit_association", "vat_recoverable": True, "languages": ["pt"],
    }  # fmt: skip
    await EventStore(database.pool, ["Organisation"]).append(
        str(organisation_id), "Organisation", 0,
        [NewEvent("Organisation.Registered", old_payload, schema_version=1)],
    )  # fmt: skip
    organisation = await bus_on(database).repository.get(Organisation, organisation_id)
    assert organisation.vat_recovery == VatRecovery.YES
    assert (organisation.name, organisation.languages) == ("Artemrede", ("pt",))
