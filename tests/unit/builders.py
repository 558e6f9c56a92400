"""Real names from the seed, and small builders for the unit tests."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.audits import Audit, AuditingBody
from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.data_subjects import DataSubject
from domain.deliverables import Deliverable
from domain.evidence import Document, EntityKind, EntityRef, Evidence, RetentionRule
from domain.expenditure import ErrorType, PartnerReport
from domain.money import ExchangeRate, Money
from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.participants import ParticipantCounts
from domain.payments import Payment, PaymentKind
from domain.periods import Period
from domain.personal_data import PersonalData
from domain.plan import BudgetChange, BudgetLine, Plan, PlanContent, WorkPackage
from domain.project import Fund, FundShare, PartnerRole, Programme, Project
from domain.schemes import Agency, Scheme, SchemeKind

OCCITANIE_EN_SCENE = Organisation.create_id("Occitanie en scène", "FR")
LA_GRAINERIE = Organisation.create_id("La Grainerie", "FR")
SCENE_NATIONALE_TARBES = Organisation.create_id("Le Parvis scène nationale Tarbes Pyrénées", "FR")
CIRCA_AUCH = Organisation.create_id("CIRCa, pôle national cirque", "FR")
ATENEU_POPULAR = Organisation.create_id("Ateneu Popular 9Barris", "ES")

PROJECT_PERIOD = Period(date(2019, 10, 1), date(2022, 12, 31))
OFFICE_15 = FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.15"))


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def pyrenart() -> Project:
    """Pyrenart (POCTEFA, ERDF 65 %), led by Occitanie en scène, with two reporting periods."""
    project = Project.register(
        "PYRENART",
        "Pyrenart: internationalisation of cross-border performing arts",
        Programme.INTERREG_POCTEFA,
        (FundShare(Fund.ERDF, Decimal("0.65")),),
        PROJECT_PERIOD,
    )
    project.admit_partner(OCCITANIE_EN_SCENE, PartnerRole.LEAD_PARTNER, date(2019, 10, 1))
    project.admit_partner(SCENE_NATIONALE_TARBES, PartnerRole.PARTNER, date(2019, 10, 1))
    project.admit_partner(CIRCA_AUCH, PartnerRole.ASSOCIATED_PARTNER, date(2020, 1, 1))
    project.add_reporting_period(Period(date(2019, 10, 1), date(2020, 12, 31)))
    project.add_reporting_period(Period(date(2021, 1, 1), date(2021, 12, 31)))
    project.start()
    return project


def pyrenart_plan(project: Project) -> Plan:
    budget = (
        BudgetLine(OCCITANIE_EN_SCENE, CostCategory.STAFF, 1, eur("40000")),
        BudgetLine(OCCITANIE_EN_SCENE, CostCategory.TRAVEL_AND_ACCOMMODATION, 1, eur("8000")),
        BudgetLine(SCENE_NATIONALE_TARBES, CostCategory.STAFF, 1, eur("20000")),
    )
    content = PlanContent(
        work_packages=(WorkPackage("WP1", "Management"), WorkPackage("WP2", "Training")),
        budget=budget,
        flat_rates=(OFFICE_15,),
    )
    return Plan.adopt(project.id, content, date(2019, 10, 1), date(2019, 7, 15), "POCTEFA JS")


def draft_report(
    project: Project | None = None, partner: UUID = OCCITANIE_EN_SCENE
) -> PartnerReport:
    project = project or pyrenart()
    return PartnerReport.open(project.id, partner, project.reporting_period(1), 1, (OFFICE_15,))


def declare(
    report: PartnerReport,
    amount: str = "1000.00",
    category: CostCategory = CostCategory.STAFF,
    on: date = date(2020, 3, 10),
    currency: str = "EUR",
    rate: ExchangeRate | None = None,
    project: Project | None = None,
) -> int:
    facts = (project or pyrenart()).facts_for(report.partner_id)
    return report.declare_expenditure(
        facts,
        category,
        "Payslip March 2020",
        "Occitanie en scène",
        f"INV-{on}",
        on,
        on,
        Money.of(amount, currency),
        Money.zero(currency),
        False,
        "evidence/2020/03/001.pdf",
        rate,
    )


def report_in_control(*amounts: str) -> PartnerReport:
    report = draft_report()
    for amount in amounts or ("1000.00",):
        declare(report, amount)
    report.submit(date(2021, 2, 1), "finance@occitanie-en-scene.fr")
    report.start_control("controller@cicc", date(2021, 3, 1))
    return report


def every_kind_of_event() -> list[tuple[str, list[Any]]]:
    """One story per stream type, together raising every event in the catalogue."""
    return [
        ("Organisation", _organisation_story()),
        ("Project", _project_story()),
        ("Plan", _plan_story()),
        ("Deliverable", _deliverable_story()),
        ("PartnerReport", _report_story()),
        ("Payment", _payment_story()),
        ("Audit", _audit_story()),
        ("Activity", _activity_story()),
        ("Scheme", _scheme_story()),
        ("DataSubject", list(DataSubject.forget(CONTACT.subject_id).collect_events())),
        ("Evidence", _evidence_story()),
    ]


CONTACT = PersonalData(
    PersonalData.subject_for("ana@lagrainerie.net"), {"name": "Ana", "email": "ana@lagrainerie.net"}
)


def _organisation_story() -> list[Any]:
    org = Organisation.register(
        "La Grainerie",
        "FR",
        "Occitanie",
        LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.PARTLY,
        ("fr", "es"),
    )
    org.rename("La Grainerie, fabrique des arts du cirque")
    org.change_vat_recovery(VatRecovery.NO)
    org.add_contact("project manager", CONTACT)
    org.remove_contact(CONTACT.subject_id)
    return list(org.collect_events())


def _project_story() -> list[Any]:
    project = pyrenart()
    project.withdraw_partner(SCENE_NATIONALE_TARBES, date(2021, 6, 30), "left")
    project.change_partner_role(CIRCA_AUCH, PartnerRole.PARTNER, date(2021, 1, 1))
    project.close(date(2023, 3, 31))
    return list(project.collect_events())


def _plan_story() -> list[Any]:
    plan = pyrenart_plan(pyrenart())
    change = BudgetChange(OCCITANIE_EN_SCENE, CostCategory.STAFF, 2, eur("1000.50"))
    plan.approve_modification(date(2021, 1, 1), date(2020, 12, 1), "JS", "shift", (change,))
    return list(plan.collect_events())


def _deliverable_story() -> list[Any]:
    d = Deliverable.plan(uuid4(), "D2.1", "Study", "WP2", date(2021, 6, 30), LA_GRAINERIE)
    d.change_due_date(date(2021, 9, 30), "lockdown")
    d.start_drafting("v0")
    d.submit(date(2021, 9, 1), "v1")
    d.reject(date(2021, 9, 10), "PO", "summary missing")
    d.start_drafting("v2")
    d.submit(date(2021, 9, 20), "v2")
    d.accept(date(2021, 9, 25), "PO")
    return list(d.collect_events())


def _report_story() -> list[Any]:
    report = draft_report()
    rate = ExchangeRate(Decimal("1.4837"), date(2020, 3, 1), "InforEuro 2020-03")
    declare(report, "1483.70", currency="CAD", rate=rate)
    declare(report, "99.99")
    declare(report, "10")
    report.withdraw_expenditure(3)
    report.submit(date(2021, 2, 1), "finance")
    report.reopen("controller", "missing payslip")
    report.submit(date(2021, 2, 5), "finance")
    report.start_control("controller", date(2021, 3, 1))
    report.sample_line(1)
    report.deduct(1, eur("100.00"), ErrorType.MISSING_EVIDENCE, "timesheet")
    report.park_line(2, "procurement")
    report.reinclude_line(2)
    report.assign_second_reviewer("reviewer")
    report.certify(date(2021, 4, 1), "controller")
    return list(report.collect_events())


def _payment_story() -> list[Any]:
    payment = Payment.authorise(
        uuid4(),
        LA_GRAINERIE,
        Fund.ERDF,
        PaymentKind.BALANCE,
        1,
        eur("1234.56"),
        "JS",
        date(2023, 1, 5),
        (uuid4(),),
    )
    payment.confirm("treasurer", date(2023, 1, 20))
    return list(payment.collect_events())


def _audit_story() -> list[Any]:
    audit = Audit.open(uuid4(), AuditingBody.AUDIT_AUTHORITY, "CICC-1", "P2", date(2022, 5, 2))
    audit.record_finding(1, "procurement", None)
    audit.impose_correction(1, eur("250.00"), date(2022, 6, 1))
    audit.follow_up(1, "recovered", date(2022, 7, 1))
    audit.close_finding(1, date(2022, 7, 1))
    audit.close(date(2022, 7, 2))
    return list(audit.collect_events())


def _activity_story() -> list[Any]:
    activity = Activity.record(
        uuid4(),
        "A1",
        ActivityKind.RESIDENCY,
        "Residency",
        date(2021, 5, 3),
        Place("Auch", "FR", "CIRCa"),
        (CIRCA_AUCH,),
        ParticipantCounts({"women": 2}, {"artists": 2}),
    )
    activity.count_participants(ParticipantCounts({"women": 3, "men": 1}, {"artists": 4}))
    activity.add_travel_leg(TravelLeg(TravelMode.TRAIN, Decimal("712.5"), 4))
    activity.contribute_to_indicator("O1.1", Decimal("1"))
    activity.cancel("reprogrammed")
    return list(activity.collect_events())


def _scheme_story() -> list[Any]:
    scheme = Scheme.launch(
        SchemeKind.OBJECTIF_13,
        "2021-2023",
        Agency.OCCITANIE_EN_SCENE,
        date(2021, 4, 1),
        (Agency.OARA_NOUVELLE_AQUITAINE,),
    )
    scheme.admit_agency(Agency.ODIA_NORMANDIE)
    scheme.record_participation(
        Agency.ODIA_NORMANDIE,
        date(2021, 6, 3),
        "self-diagnosis",
        "Normandie",
        ParticipantCounts({"men": 5}),
        uuid4(),
    )
    return list(scheme.collect_events())


def _evidence_story() -> list[Any]:
    invoice = Document("ab" * 32, "facture-2021-014.pdf", "application/pdf", 48_213)
    evidence = Evidence.receive(invoice, "teatro-arriaga")
    report = uuid4()
    line = EntityRef(EntityKind.EXPENDITURE_LINE, f"{report}:3", uuid4(), uuid4())
    evidence.attach(invoice, line, "teatro-arriaga")
    evidence.delete(date(2029, 1, 2), date(2028, 12, 31), RetentionRule("ERDF", 5), "archivist")
    return list(evidence.collect_events())
