"""A bus on the test database and a small Pyrenart-like story to run commands against."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.money import Money
from domain.organisation import LegalStatus, VatRecovery
from domain.periods import Period
from domain.plan import BudgetLine, PlanContent, WorkPackage
from domain.project import Fund, FundShare, PartnerRole, Programme
from hub.commands import (
    AddReportingPeriod,
    AdmitPartner,
    AdoptPlan,
    Command,
    DeclareExpenditure,
    OpenPartnerReport,
    RegisterOrganisation,
    RegisterProject,
    StartProject,
)
from hub.database import Database
from hub.handlers import CommandBus, CommandContext, bootstrap

CONTEXT = CommandContext(
    actor="marie.dupont@occitanie-en-scene.fr",
    organisation="occitanie-en-scene",
    client_id="console",
    subject="user:marie",
)


def context(**changes: Any) -> CommandContext:
    return replace(CONTEXT, **{"correlation_id": str(uuid4()), **changes})


def bus_on(database: Database) -> CommandBus:
    return bootstrap(database.pool)


@dataclass(frozen=True)
class Story:
    bus: CommandBus
    lead_id: UUID
    partner_id: UUID
    project_id: UUID
    tag: str

    async def run(self, command: Command, **changes: Any) -> Any:
        return await self.bus.execute(command, context(**changes))


async def running_project(database: Database) -> Story:
    """Two partners, one reporting period (2019), a plan with a 15 % office flat rate."""
    bus = bus_on(database)
    tag = uuid4().hex[:8]
    run = lambda command: bus.execute(command, context())  # noqa: E731
    lead = await run(
        RegisterOrganisation(
            f"Occitanie en scène {tag}",
            "FR",
            "Occitanie",
            LegalStatus.NON_PROFIT_ASSOCIATION,
            VatRecovery.NO,
        )
    )
    partner = await run(
        RegisterOrganisation(
            f"La Grainerie {tag}",
            "FR",
            "Occitanie",
            LegalStatus.NON_PROFIT_ASSOCIATION,
            VatRecovery.NO,
        )
    )
    project = await run(
        RegisterProject(
            f"PYR-{tag}",
            "Pyrenart",
            Programme.INTERREG_POCTEFA,
            (FundShare(Fund.ERDF, Decimal("0.65")),),
            Period(date(2019, 1, 1), date(2022, 12, 31)),
        )
    )
    story = Story(bus, lead.stream_id, partner.stream_id, project.stream_id, tag)
    for command in (
        StartProject(story.project_id),
        AddReportingPeriod(story.project_id, Period(date(2019, 1, 1), date(2019, 12, 31))),
        AdmitPartner(story.project_id, story.lead_id, PartnerRole.LEAD_PARTNER, date(2019, 1, 1)),
        AdmitPartner(story.project_id, story.partner_id, PartnerRole.PARTNER, date(2019, 1, 1)),
        AdoptPlan(story.project_id, plan_content(story.partner_id), date(2019, 1, 1),
                  date(2018, 12, 1), "POCTEFA joint secretariat"),
    ):  # fmt: skip
        await run(command)
    return story


def plan_content(partner_id: UUID) -> PlanContent:
    return PlanContent(
        work_packages=(WorkPackage("WP1", "Management"),),
        budget=(BudgetLine(partner_id, CostCategory.STAFF, 1, Money.of("20000.00")),),
        flat_rates=(FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.15")),),
    )


async def draft_report(story: Story) -> UUID:
    opened = await story.run(OpenPartnerReport(story.project_id, story.partner_id, 1,
                                               date(2019, 6, 1)))  # fmt: skip
    return UUID(str(opened.stream_id))


def payslip(report_id: UUID, amount: str = "1200.00", on: date = date(2019, 3, 31)) -> Any:
    return DeclareExpenditure(
        report_id, CostCategory.STAFF, "March salary, circus arts officer", "La Grainerie",
        f"PS-{uuid4().hex[:6]}", on, on, Money.of(amount), Money.zero(), False, "ged://ps/03",
    )  # fmt: skip
