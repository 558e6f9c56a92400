"""Approved plans: work packages (from the seed's descriptions), planned activities,
deliverables, indicators (with the agency's own 2021 targets), budgets per partner x cost
category x reporting period, and one approved modification. Every amount is illustrative.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.money import Money
from domain.plan import (
    BudgetChange,
    BudgetLine,
    Indicator,
    IndicatorKind,
    PlanContent,
    PlannedActivity,
    PlannedDeliverable,
    WorkPackage,
)
from domain.project import Programme
from hub.commands import AdoptPlan, ApprovePlanModification, Command
from hub.demo.organisations import org_id
from hub.demo.projects import PROJECTS, ProjectSpec

OFFICE_15 = FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.15"))
OTHER_COSTS_40 = FlatRate(FlatRateKind.OTHER_COSTS_ON_STAFF, Decimal("0.40"))

WORK_PACKAGES: dict[str, tuple[str, ...]] = {
    "pyrenart": (
        "Management and coordination",
        "Professional training programme (MOOC, seminars, professional meetings)",
        "Itinéraires Pyrénées circuits for foreign programmers",
        "Co-production and international diffusion of cross-border shows",
        "Communication and capitalisation",
    ),
    "travesia": (
        "Management and coordination",
        "Contributive capitalisation study (analytical study, three seminars)",
        "Transforming artist support (research lab, creative marathon)",
        "Observation of the cross-border circus sector",
        "Diffusion support and communication",
    ),
    "bsa2": (
        "Management",
        "Spectators' committees in every venue",
        "Participatory productions and residencies",
        "Conferences and meetings",
        "Dissemination",
    ),
    "sp": (
        "Management",
        "Production tandems",
        "Training and accompaniment seminars",
        "Participatory dynamics",
        "Communication",
    ),
    "ser": (
        "Coordination",
        "Binômes of venue professionals (mutual training)",
        "Thematic seminars with show scouting",
        "Artistic research labs Québec-France",
    ),
    "tc": (
        "Management",
        "Raising guidance professionals' awareness of cultural careers",
        "Documentary kit on training paths, jobs and trades",
        "Matching training needs and offer",
        "Pedagogical innovation",
    ),
    "caa": (
        "Project management",
        "Network dynamic around cooperation methods and tools",
        "Training in cooperative facilitation and collective intelligence",
        "Support scheme for cooperation skills",
        "Dissemination and exploitation",
    ),
}

LUMP_SUM_PROGRAMMES = (Programme.CREATIVE_EUROPE, Programme.ERASMUS_PLUS_KA2)

AGENCY_TARGETS_2021 = (
    Indicator("AG21-TEAMS", IndicatorKind.OUTPUT, "Agency 2021 target: artistic teams supported",
              "teams", Decimal(0), Decimal(180)),
    Indicator("AG21-PERF", IndicatorKind.OUTPUT, "Agency 2021 target: performances supported",
              "performances", Decimal(0), Decimal(1000)),
    Indicator("AG21-WORKS", IndicatorKind.OUTPUT, "Agency 2021 target: works supported",
              "works", Decimal(0), Decimal(190)),
    Indicator("AG21-COOP", IndicatorKind.RESULT,
              "Agency 2021 target: beneficiaries of the projects cooperative", "beneficiaries",
              Decimal(0), Decimal(60)),
    Indicator("AG21-EUPROJ", IndicatorKind.RESULT,
              "Agency 2021 target: EU-funded cooperation projects", "projects",
              Decimal(0), Decimal(5)),
)  # fmt: skip

PROJECT_INDICATORS = (
    ("O1", IndicatorKind.OUTPUT, "Professionals trained", "people", 0, 240),
    ("O2", IndicatorKind.OUTPUT, "Performances given", "performances", 0, 120),
    ("O3", IndicatorKind.OUTPUT, "Mobilities of professionals", "mobilities", 0, 80),
    ("R1", IndicatorKind.RESULT, "Organisations cooperating after the project", "organisations",
     4, 25),
)  # fmt: skip


def work_packages(spec: ProjectSpec) -> tuple[WorkPackage, ...]:
    titles = WORK_PACKAGES[spec.key]
    lump = spec.programme in LUMP_SUM_PROGRAMMES
    return tuple(
        WorkPackage(f"WP{n}", title, Money.of(str(40_000 + 15_000 * n)) if lump else None)
        for n, title in enumerate(titles, start=1)
    )


def planned_activities(spec: ProjectSpec) -> tuple[PlannedActivity, ...]:
    return tuple(
        PlannedActivity(f"A{n}.{m}", f"WP{n}", f"{title}: step {m}")
        for n, title in enumerate(WORK_PACKAGES[spec.key], start=1)
        for m in (1, 2)
    )


def deliverables(spec: ProjectSpec) -> tuple[PlannedDeliverable, ...]:
    """Two deliverables per work package, due every few months across the project."""
    holders = spec.budget_holders()
    start, end = spec.period.start, spec.period.end or spec.period.start
    count = 2 * len(WORK_PACKAGES[spec.key])
    step = (end - start).days // (count + 1)
    return tuple(
        PlannedDeliverable(
            f"D{n}.{m}", f"WP{n}", f"{title} - {('interim', 'final')[m - 1]} deliverable",
            start + timedelta(days=step * (2 * n + m - 2)),
            org_id(holders[(n + m) % len(holders)]),
        )
        for n, title in enumerate(WORK_PACKAGES[spec.key], start=1)
        for m in (1, 2)
    )  # fmt: skip


def indicators(spec: ProjectSpec) -> tuple[Indicator, ...]:
    own = tuple(
        Indicator(code, kind, name, unit, Decimal(base), Decimal(target))
        for code, kind, name, unit, base, target in PROJECT_INDICATORS
    )
    return (*own, *AGENCY_TARGETS_2021) if spec.lead == "oes" else own


def categories(spec: ProjectSpec) -> tuple[CostCategory, ...]:
    if spec.programme in LUMP_SUM_PROGRAMMES:
        return (CostCategory.LUMP_SUM,)
    if spec.programme == Programme.ESF_PLUS:
        return (CostCategory.STAFF,)
    return (
        CostCategory.STAFF,
        CostCategory.OFFICE_AND_ADMINISTRATION,
        CostCategory.TRAVEL_AND_ACCOMMODATION,
        CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES,
        CostCategory.EQUIPMENT,
    )


SHARES = {
    CostCategory.STAFF: Decimal("1"),
    CostCategory.OFFICE_AND_ADMINISTRATION: Decimal("0.15"),
    CostCategory.TRAVEL_AND_ACCOMMODATION: Decimal("0.25"),
    CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES: Decimal("0.45"),
    CostCategory.EQUIPMENT: Decimal("0.05"),
    CostCategory.LUMP_SUM: Decimal("1.6"),
}


def budget(spec: ProjectSpec) -> tuple[BudgetLine, ...]:
    """Lead partners get twice a partner's staff budget of 30,000 EUR a year (illustrative)."""
    lines = []
    for rank, key in enumerate(spec.budget_holders()):
        yearly = Decimal(60_000 if rank == 0 else 30_000 - 1_500 * (rank % 4))
        for number, period in enumerate(spec.reporting_periods, start=1):
            months = Decimal(((period.end or period.start) - period.start).days + 1) / 30
            for category in categories(spec):
                amount = Money(yearly * months / 12 * SHARES[category], "EUR").times(Decimal(1))
                lines.append(BudgetLine(org_id(key), category, number, amount))
    return tuple(lines)


def flat_rates(spec: ProjectSpec) -> tuple[FlatRate, ...]:
    if spec.programme in LUMP_SUM_PROGRAMMES:
        return ()
    return (OTHER_COSTS_40,) if spec.programme == Programme.ESF_PLUS else (OFFICE_15,)


def content(spec: ProjectSpec) -> PlanContent:
    return PlanContent(
        work_packages(spec), planned_activities(spec), deliverables(spec), indicators(spec),
        budget(spec), flat_rates(spec),
    )  # fmt: skip


APPROVERS = {
    Programme.INTERREG_POCTEFA: "POCTEFA managing authority (demo)",
    Programme.CREATIVE_EUROPE: "EACEA (demo)",
    Programme.ERASMUS_PLUS_KA2: "Erasmus+ national agency (demo)",
    Programme.ESF_PLUS: "ESF+ managing authority (demo)",
    Programme.FRANCE_QUEBEC_FUND: "CPCFQ fund committee (demo)",
}


def modification(spec: ProjectSpec) -> ApprovePlanModification | None:
    """POCTEFA projects move travel money to services in 2021 (COVID: tours went online)."""
    if spec.programme != Programme.INTERREG_POCTEFA:
        return None
    number = next(n for n, p in enumerate(spec.reporting_periods, 1) if p.start.year == 2021)
    changes = []
    for key in spec.budget_holders()[:3]:
        for period in (number, number + 1):
            delta = Money.of("2500.00")
            changes += [
                BudgetChange(org_id(key), CostCategory.TRAVEL_AND_ACCOMMODATION, period, -delta),
                BudgetChange(org_id(key), CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES, period,
                             delta),
            ]  # fmt: skip
    return ApprovePlanModification(
        spec.id, date(2021, 4, 1), date(2021, 3, 18), APPROVERS[spec.programme],
        "Health crisis: travel budget moved to online services and streaming (illustrative)",
        tuple(changes),
    )  # fmt: skip


def plan_commands(spec: ProjectSpec) -> list[Command]:
    approved_on = spec.period.start - timedelta(days=45)
    commands: list[Command] = [
        AdoptPlan(spec.id, content(spec), spec.period.start, approved_on,
                  APPROVERS[spec.programme], spec.max_work_packages)
    ]  # fmt: skip
    change = modification(spec)
    return [*commands, change] if change else commands


PLANS: dict[str, list[Command]] = {spec.key: plan_commands(spec) for spec in PROJECTS}
