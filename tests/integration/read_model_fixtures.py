"""A small story told through the command bus, for the read-model tests: La Grainerie
and Occitanie en scène in Pyrenart, with a plan, a deliverable, a partner report taken
through first-level control, a payment, an activity and an Objectif 13 scheme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.activities import ActivityKind, Place, TravelLeg, TravelMode
from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.expenditure import ErrorType
from domain.money import ExchangeRate, Money
from domain.organisation import LegalStatus, VatRecovery
from domain.participants import ParticipantCounts
from domain.payments import PaymentKind
from domain.periods import Period
from domain.personal_data import PersonalData
from domain.plan import (
    BudgetLine,
    Indicator,
    IndicatorKind,
    PlanContent,
    PlannedDeliverable,
    WorkPackage,
)
from domain.project import Fund, FundShare, PartnerRole, Programme
from domain.schemes import Agency, SchemeKind
from hub import commands as c
from hub.handlers import CommandBus, CommandContext

MANAGER = CommandContext(actor="user:marie", organisation="org:oes", client_id="console")
PARTNER = CommandContext(
    actor="user:ana", organisation="org:grainerie", client_id="grainerie-erp",
    on_behalf_of="user:jordi",
)  # fmt: skip
CONTROLLER = CommandContext(actor="user:controller", organisation="org:cicc")
CONTACT = PersonalData(
    PersonalData.subject_for("ana@lagrainerie.net"), {"name": "Ana", "email": "ana@lagrainerie.net"}
)
OFFICE_15 = FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.15"))


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


@dataclass
class Story:
    oes: UUID
    grainerie: UUID
    ateneu: UUID
    project: UUID
    deliverable: UUID
    report: UUID
    payment: UUID
    activity: UUID
    scheme: UUID


async def run(bus: CommandBus, command: c.Command, context: CommandContext = MANAGER) -> UUID:
    return (await bus.execute(command, context)).stream_id


async def organisations(bus: CommandBus) -> tuple[UUID, UUID, UUID]:
    oes = await run(bus, c.RegisterOrganisation(
        "Occitanie en scène", "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.NO, ("fr",)))  # fmt: skip
    grainerie = await run(bus, c.RegisterOrganisation(
        "La Grainerie", "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.PARTLY, ("fr", "es")))  # fmt: skip
    ateneu = await run(bus, c.RegisterOrganisation(
        "Ateneu Popular 9Barris", "ES", "Catalunya", LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.YES))  # fmt: skip
    await run(bus, c.RenameOrganisation(grainerie, "La Grainerie, fabrique des arts du cirque"))
    await run(bus, c.AddContact(grainerie, "project manager", CONTACT))
    return oes, grainerie, ateneu


async def project(bus: CommandBus, oes: UUID, grainerie: UUID, ateneu: UUID) -> UUID:
    project_id = await run(
        bus,
        c.RegisterProject(
            "PYRENART",
            "Pyrenart",
            Programme.INTERREG_POCTEFA,
            (FundShare(Fund.ERDF, Decimal("0.65")),),
            Period(date(2019, 10, 1), date(2022, 12, 31)),
        ),
    )
    for org, role in (
        (oes, PartnerRole.LEAD_PARTNER),
        (grainerie, PartnerRole.PARTNER),
        (ateneu, PartnerRole.ASSOCIATED_PARTNER),
    ):
        await run(bus, c.AdmitPartner(project_id, org, role, date(2019, 10, 1)))
    await run(bus, c.AddReportingPeriod(project_id, Period(date(2019, 10, 1), date(2020, 12, 31))))
    await run(bus, c.StartProject(project_id))
    await run(bus, c.ChangePartnerRole(project_id, ateneu, PartnerRole.PARTNER, date(2020, 1, 1)))
    await run(bus, c.WithdrawPartner(project_id, ateneu, date(2020, 6, 30), "merged"))
    return project_id  # fmt: skip


def plan_content(oes: UUID, grainerie: UUID) -> PlanContent:
    return PlanContent(
        work_packages=(WorkPackage("WP1", "Management"),
                       WorkPackage("WP2", "Training", eur("30000.00"))),
        deliverables=(PlannedDeliverable("D2.1", "WP2", "Study", date(2020, 6, 30), grainerie),),
        indicators=(Indicator("O1.1", IndicatorKind.OUTPUT, "Residencies", "residency",
                              Decimal("0"), Decimal("4")),),
        budget=(BudgetLine(grainerie, CostCategory.STAFF, 1, eur("40000")),
                BudgetLine(grainerie, CostCategory.TRAVEL_AND_ACCOMMODATION, 1, eur("8000")),
                BudgetLine(oes, CostCategory.STAFF, 1, eur("20000"))),
        flat_rates=(OFFICE_15,),
    )  # fmt: skip


async def report(bus: CommandBus, project_id: UUID, grainerie: UUID) -> UUID:
    """Declared: staff 1,000.00, travel 400.00 (593.48 CAD); control deducts 100.00 of staff."""
    report_id = await run(
        bus, c.OpenPartnerReport(project_id, grainerie, 1, date(2020, 2, 1)), PARTNER
    )
    on = date(2020, 3, 10)
    cad = ExchangeRate(Decimal("1.4837"), date(2020, 3, 1), "InforEuro 2020-03")
    for category, amount, rate in (
        (CostCategory.STAFF, eur("1000.00"), None),
        (CostCategory.TRAVEL_AND_ACCOMMODATION, Money.of("593.48", "CAD"), cad),
        (CostCategory.EQUIPMENT, eur("75.00"), None),
    ):
        await run(
            bus,
            c.DeclareExpenditure(
                report_id,
                category,
                "line",
                "supplier",
                "INV-1",
                on,
                on,
                amount,
                Money.zero(amount.currency),
                False,
                "evidence.pdf",
                rate,
            ),
            PARTNER,
        )
    await run(bus, c.WithdrawExpenditure(report_id, 3), PARTNER)
    await run(bus, c.SubmitPartnerReport(report_id, date(2021, 2, 1), "user:ana"), PARTNER)
    for command in (
        c.StartControl(report_id, "user:controller", date(2021, 3, 1)),
        c.SampleLine(report_id, 1),
        c.MakeDeduction(report_id, 1, eur("100.00"), ErrorType.MISSING_EVIDENCE, "timesheet"),
        c.ParkLine(report_id, 2, "procurement"),
        c.ReincludeLine(report_id, 2),
        c.AssignSecondReviewer(report_id, "user:reviewer"),
    ):
        await run(bus, command, CONTROLLER)
    return report_id  # fmt: skip


async def activity(bus: CommandBus, project_id: UUID, grainerie: UUID) -> UUID:
    activity_id = await run(
        bus,
        c.RecordActivity(
            project_id,
            "A1",
            ActivityKind.RESIDENCY,
            "Residency",
            date(2020, 5, 3),
            Place("Toulouse", "FR", "La Grainerie"),
            (grainerie,),
            ParticipantCounts({"women": 2}, {"artists": 2}),
        ),
        PARTNER,
    )
    await run(
        bus,
        c.CountParticipants(activity_id, ParticipantCounts({"women": 3, "men": 1}, {"artists": 4})),
        PARTNER,
    )
    await run(bus, c.AddTravelLeg(activity_id, TravelLeg(TravelMode.TRAIN, Decimal("712.5"), 4)))
    await run(bus, c.AddTravelLeg(activity_id, TravelLeg(TravelMode.CAR, Decimal("100"), 2)))
    await run(bus, c.ContributeToIndicator(activity_id, "O1.1", Decimal("1")))
    return activity_id  # fmt: skip


async def scheme(bus: CommandBus) -> UUID:
    scheme_id = await run(
        bus,
        c.LaunchScheme(
            SchemeKind.OBJECTIF_13,
            "2021-2023",
            Agency.OCCITANIE_EN_SCENE,
            date(2021, 4, 1),
            (Agency.OARA_NOUVELLE_AQUITAINE,),
        ),
    )
    await run(bus, c.AdmitAgency(scheme_id, Agency.ODIA_NORMANDIE))
    await run(
        bus,
        c.RecordParticipation(
            scheme_id,
            Agency.ODIA_NORMANDIE,
            date(2021, 6, 3),
            "self-diagnosis",
            "Normandie",
            ParticipantCounts({"men": 5, "women": 2}, {"programmers": 7}),
        ),
    )
    return scheme_id  # fmt: skip


async def tell_story(bus: CommandBus) -> Story:
    oes, grainerie, ateneu = await organisations(bus)
    project_id = await project(bus, oes, grainerie, ateneu)
    await run(bus, c.AdoptPlan(
        project_id, plan_content(oes, grainerie), date(2019, 10, 1), date(2019, 7, 15),
        "POCTEFA JS"))  # fmt: skip
    deliverable = await run(bus, c.PlanDeliverable(
        project_id, "D2.1", "Study", "WP2", date(2020, 6, 30), grainerie))  # fmt: skip
    report_id = await report(bus, project_id, grainerie)
    await run(bus, c.CertifyPartnerReport(report_id, date(2021, 4, 1), "user:controller"),
              CONTROLLER)  # fmt: skip
    payment = await run(bus, c.AuthorisePayment(
        project_id, grainerie, Fund.ERDF, PaymentKind.INTERIM, 1, eur("932.75"), "JS",
        date(2021, 5, 1), (report_id,)))  # fmt: skip
    await run(bus, c.ConfirmPayment(payment, "treasurer", date(2021, 5, 20)))
    return Story(
        oes, grainerie, ateneu, project_id, deliverable, report_id, payment,
        await activity(bus, project_id, grainerie), await scheme(bus),
    )  # fmt: skip


async def read(pool: asyncpg.Pool, query: str, *args: object) -> list[dict[str, object]]:
    return [dict(row) for row in await pool.fetch(query, *args)]


async def allow_generation_schemas(dsn: str) -> None:
    """Re-grant what migration 0002 grants on the database: a database copied from a
    template (tests/conftest.py) does not inherit database-level privileges."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            "DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO hub_service',"
            " current_database()); END $$"
        )
    finally:
        await connection.close()
