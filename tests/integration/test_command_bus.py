"""Each command family through the bus, against PostgreSQL."""

from datetime import date
from decimal import Decimal

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.audits import Audit, AuditingBody
from domain.costs import CostCategory
from domain.deliverables import Deliverable, DeliverableStatus
from domain.expenditure import ErrorType, PartnerReport, ReportStatus
from domain.money import Money
from domain.organisation import Organisation
from domain.participants import ParticipantCounts
from domain.payments import Payment, PaymentKind
from domain.personal_data import PersonalData
from domain.plan import BudgetChange, Plan
from domain.project import Fund, PartnerRole, Project
from domain.schemes import Agency, Scheme, SchemeKind
from hub import commands as c
from hub.database import Database
from tests.integration.command_fixtures import draft_report, payslip, running_project


async def test_an_organisation_records_a_contact_whose_details_load_decrypted(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    ana = PersonalData(PersonalData.subject_for(f"ana+{story.project_id}@lagrainerie.net"),
                       {"name": "Ana", "email": "ana@lagrainerie.net"})  # fmt: skip
    await story.run(c.AddContact(story.partner_id, "finance officer", ana))
    await story.run(c.RenameOrganisation(story.partner_id, "La Grainerie (fabrique)"))
    organisation = await bus.repository.get(Organisation, story.partner_id)
    assert organisation.contacts[ana.subject_id] == ("finance officer", ana)
    assert organisation.name == "La Grainerie (fabrique)"


async def test_a_project_keeps_its_partnership_and_plan_versions(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    await story.run(
        c.ChangePartnerRole(
            story.project_id, story.partner_id, PartnerRole.ASSOCIATED_PARTNER, date(2020, 1, 1)
        )
    )
    await story.run(c.ApprovePlanModification(
        story.project_id, date(2020, 1, 1), date(2019, 12, 1), "JS", "reallocation",
        (BudgetChange(story.partner_id, CostCategory.STAFF, 1, Money.of("-5000.00")),),
    ))  # fmt: skip
    project = await bus.repository.get(Project, story.project_id)
    plan = await bus.repository.get(Plan, Plan.create_id(story.project_id))
    assert project.memberships[story.partner_id].role == PartnerRole.ASSOCIATED_PARTNER
    assert plan.plan_in_force(date(2020, 6, 1)).number == 2
    assert plan.current.content.partner_budget(story.partner_id) == Money.of("15000.00")


async def test_a_deliverable_goes_from_pending_to_accepted(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    planned = await story.run(
        c.PlanDeliverable(
            story.project_id,
            "D1.1",
            "Capitalisation study",
            "WP1",
            date(2019, 9, 30),
            story.partner_id,
        )
    )
    deliverable_id = planned.stream_id
    await story.run(c.ChangeDeliverableDueDate(deliverable_id, date(2019, 10, 31), "festival"))
    await story.run(c.StartDraftingDeliverable(deliverable_id, "ged://d11/v1"))
    await story.run(c.SubmitDeliverable(deliverable_id, date(2019, 10, 30), "ged://d11/v2"))
    await story.run(c.AcceptDeliverable(deliverable_id, date(2019, 11, 15), "JS"))
    deliverable = await bus.repository.get(Deliverable, deliverable_id)
    assert deliverable.status == DeliverableStatus.ACCEPTED
    assert not deliverable.is_late(date(2020, 1, 1))


async def test_a_partner_report_is_declared_controlled_and_certified(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    report_id = await draft_report(story)
    await story.run(payslip(report_id, "1000.00"))
    await story.run(payslip(report_id, "500.00"))
    await story.run(c.SubmitPartnerReport(report_id, date(2020, 1, 15), "ana"))
    await story.run(c.StartControl(report_id, "flc@cabinet.fr", date(2020, 1, 20)))
    await story.run(c.SampleLine(report_id, 1))
    await story.run(
        c.MakeDeduction(
            report_id, 1, Money.of("100.00"), ErrorType.MISSING_EVIDENCE, "no timesheet"
        )
    )
    await story.run(c.ParkLine(report_id, 2, "contract missing"))
    await story.run(c.AssignSecondReviewer(report_id, "qc@cabinet.fr"))
    result = await story.run(c.CertifyPartnerReport(report_id, date(2020, 2, 1), "flc"))
    report = await bus.repository.get(PartnerReport, report_id)
    assert report.status == ReportStatus.CERTIFIED
    assert report.certified_total == Money.of("1035.00")  # 900 + 15 % office flat rate
    assert result.stream_version == 10


async def test_a_payment_is_authorised_and_confirmed_and_an_audit_is_closed(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    paid = await story.run(
        c.AuthorisePayment(
            story.project_id,
            story.partner_id,
            Fund.ERDF,
            PaymentKind.ADVANCE,
            1,
            Money.of("6500.00"),
            "managing authority",
            date(2019, 4, 1),
        )
    )
    await story.run(c.ConfirmPayment(paid.stream_id, "treasury", date(2019, 4, 10)))
    opened = await story.run(
        c.OpenAudit(
            story.project_id,
            AuditingBody.AUDIT_AUTHORITY,
            "CICC-2021-7",
            "sample",
            date(2021, 3, 1),
        )
    )
    audit_id = opened.stream_id
    await story.run(c.RecordFinding(audit_id, 1, "missing timesheets", story.partner_id))
    await story.run(c.ImposeCorrection(audit_id, 1, Money.of("250.00"), date(2021, 4, 1)))
    await story.run(c.FollowUpFinding(audit_id, 1, "timesheets template", date(2021, 5, 1)))
    await story.run(c.CloseFinding(audit_id, 1, date(2021, 6, 1)))
    await story.run(c.CloseAudit(audit_id, date(2021, 6, 2)))
    assert (await bus.repository.get(Payment, paid.stream_id)).is_confirmed
    audit = await bus.repository.get(Audit, audit_id)
    assert audit.closed_on == date(2021, 6, 2)
    assert audit.total_corrections() == Money.of("250.00")


async def test_activities_and_scheme_participations_are_recorded(
    database: Database,
) -> None:
    story = await running_project(database)
    bus = story.bus
    recorded = await story.run(
        c.RecordActivity(
            story.project_id,
            "A1",
            ActivityKind.RESIDENCY,
            "Residency",
            date(2019, 5, 2),
            Place("Auch", "fr", "CIRCa"),
        )
    )
    activity_id = recorded.stream_id
    counts = ParticipantCounts({"women": 6, "men": 4}, {"artists": 10})
    await story.run(c.CountParticipants(activity_id, counts))
    await story.run(c.AddTravelLeg(activity_id, TravelLeg(TravelMode.TRAIN, Decimal("250"), 4)))
    await story.run(c.ContributeToIndicator(activity_id, "O2.1", Decimal("1")))
    launched = await story.run(
        c.LaunchScheme(
            SchemeKind.JEUDIGRAPHIES,
            f"{story.project_id}",
            Agency.OCCITANIE_EN_SCENE,
            date(2021, 1, 7),
        )
    )
    await story.run(c.AdmitAgency(launched.stream_id, Agency.ODIA_NORMANDIE))
    await story.run(
        c.RecordParticipation(
            launched.stream_id,
            Agency.ODIA_NORMANDIE,
            date(2021, 2, 4),
            "Jeudigraphie",
            "Normandie",
            counts,
        )
    )
    activity = await bus.repository.get(Activity, activity_id)
    assert activity.carbon_estimate_kg() == Decimal("5.0")
    assert activity.participants.total == 10
    scheme = await bus.repository.get(Scheme, launched.stream_id)
    assert [p.agency for p in scheme.participations] == [Agency.ODIA_NORMANDIE]
    await story.run(c.CancelActivity(activity_id, "storm"))
    assert (await bus.repository.get(Activity, activity_id)).cancelled
