"""Partner reports with expenditure lines and first-level control, for the projects paid
on real costs (Pyrenart, Travesía, Scènes en réseaux, Trajectoires créatives).

Every supplier, invoice, amount, deduction and date is illustrative, generated from a
fixed seed so two runs produce the same lines. Reports of periods ended by 2020 are
certified; those of the first half of 2021 are certified, in control, submitted or
reopened; those of the second half of 2021 are drafts (the demo stands on DEMO_AS_OF).
Québec partners declare in CAD with an (illustrative) InforEuro-style rate frozen on
the line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from domain.costs import CostCategory, covered_categories
from domain.expenditure import ErrorType, PartnerReport
from domain.money import ExchangeRate, Money
from domain.periods import Period
from domain.project import ProjectFacts
from hub.commands import (
    AssignSecondReviewer,
    CertifyPartnerReport,
    Command,
    DeclareExpenditure,
    MakeDeduction,
    OpenPartnerReport,
    ParkLine,
    ReincludeLine,
    ReopenPartnerReport,
    SampleLine,
    StartControl,
    SubmitPartnerReport,
    WithdrawExpenditure,
)
from hub.demo.deliverables import DEMO_AS_OF
from hub.demo.organisations import BY_KEY as ORGANISATIONS
from hub.demo.organisations import org_id
from hub.demo.plans import flat_rates
from hub.demo.projects import BY_KEY as PROJECTS
from hub.demo.projects import ProjectSpec

DAY = timedelta(days=1)
REAL_COST_PROJECTS = ("pyrenart", "travesia", "ser", "tc")
SUPPLIERS = {
    CostCategory.STAFF: ("Payroll (staff costs)",),
    CostCategory.TRAVEL_AND_ACCOMMODATION: (
        "Rail operator (generic)", "Hotel (generic)", "Airline (generic)",
    ),
    CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES: (
        "Sound and light services (generic supplier)", "Translation and interpreting (generic)",
        "Video streaming service (generic)", "Study consultancy (generic)",
    ),
    CostCategory.EQUIPMENT: ("Audio equipment supplier (generic)",),
}  # fmt: skip
VAT_RATES = {"FR": Decimal("0.20"), "ES": Decimal("0.21"), "CA": Decimal("0.14975")}
CAD_PER_EUR = {1: "1.5621", 4: "1.5290", 7: "1.4730", 10: "1.4690"}  # illustrative
ERROR_TYPES = tuple(ErrorType)


@dataclass(frozen=True)
class ReportPlan:
    """One partner's report for one period, and how far its life has gone."""

    project: ProjectSpec
    partner: str
    number: int
    outcome: str  # certified | in_control | submitted | reopened | draft

    @property
    def key(self) -> str:
        return f"report:{self.project.key}:{self.partner}:P{self.number}"

    @property
    def id(self) -> UUID:
        rp = self.project.reporting_period(self.number)
        return PartnerReport.create_id(self.project.id, org_id(self.partner), rp)

    @property
    def period(self) -> Period:
        return self.project.reporting_periods[self.number - 1]

    @property
    def rank(self) -> int:
        return self.project.budget_holders().index(self.partner)


def outcome(period: Period, rank: int) -> str:
    end = period.end or period.start
    if end <= date(2020, 12, 31):
        return "certified"
    if end <= date(2021, 6, 30):
        return ("certified", "in_control", "submitted", "reopened")[rank % 4]
    return "draft"


def report_plans() -> list[ReportPlan]:
    plans = []
    for key in REAL_COST_PROJECTS:
        spec = PROJECTS[key]
        for number, period in enumerate(spec.reporting_periods, start=1):
            if period.start > DEMO_AS_OF:
                break
            for rank, partner in enumerate(spec.budget_holders()):
                if spec.joined_on(partner) <= (period.end or period.start):
                    plans.append(ReportPlan(spec, partner, number, outcome(period, rank)))
    return plans


def lines(plan: ReportPlan) -> list[DeclareExpenditure]:
    rng = random.Random(plan.key)
    spec, country = plan.project, ORGANISATIONS[plan.partner].country
    covered = covered_categories(flat_rates(spec))
    declarable = [c for c in SUPPLIERS if c not in covered]
    start = max(plan.period.start, spec.joined_on(plan.partner))
    days = ((plan.period.end or start) - start).days
    result = []
    for n in range(6 + (plan.rank + plan.number) % 5):
        category = declarable[n % len(declarable)]
        invoice_date = start + timedelta(days=rng.randrange(days + 1))
        result.append(line(plan, n + 1, category, invoice_date, country, rng))
    return result


def line(
    plan: ReportPlan, n: int, category: CostCategory, on: date, country: str, rng: random.Random
) -> DeclareExpenditure:
    currency = "CAD" if country == "CA" else "EUR"
    staff = category == CostCategory.STAFF
    net = Decimal(rng.randrange(180_000 if staff else 25_000, 420_000 if staff else 380_000, 5))
    net = net / 100
    vat = Decimal(0) if staff else (net * VAT_RATES[country]).quantize(Decimal("0.01"))
    recoverable = ORGANISATIONS[plan.partner].vat_recovery.value == "yes"
    supplier = rng.choice(SUPPLIERS[category])
    rate = None
    if currency == "CAD":
        month = 1 + 3 * ((on.month - 1) // 3)
        rate = ExchangeRate(Decimal(CAD_PER_EUR[month]), date(on.year, month, 1),
                            f"InforEuro {on.year}-{month:02d} (illustrative)")  # fmt: skip
    return DeclareExpenditure(
        plan.id, category, f"{supplier}: {plan.project.acronym} P{plan.number} item {n}",
        supplier, f"{'PAY' if staff else 'INV'}-{on:%Y%m}-{plan.rank:02d}{n:02d}", on,
        min(on + timedelta(days=rng.randrange(5, 40)), plan.project.period.end or on),
        Money(net + (Decimal(0) if recoverable else vat), currency), Money(vat, currency),
        recoverable, f"evidence/{plan.project.key}/{plan.partner}/P{plan.number}/{n:02d}.pdf",
        rate,
    )  # fmt: skip


def controller(plan: ReportPlan) -> str:
    if ORGANISATIONS[plan.partner].country == "ES":
        return "Controlador de primer nivel ES (demo)"
    return f"First-level controller {ORGANISATIONS[plan.partner].country} (demo)"


def control(plan: ReportPlan, declared: list[DeclareExpenditure], end: date) -> list[Command]:
    """Sample odd lines, deduct on one, park (and maybe re-include) another."""
    rid = plan.id
    sampled = [n for n in range(1, len(declared) + 1) if n % 2]
    steps: list[Command] = [StartControl(rid, controller(plan), end + 40 * DAY)]
    steps += [SampleLine(rid, n) for n in sampled]
    target = sampled[-1]
    cut = declared[target - 1].declared.amount * Decimal(10 + 5 * (plan.rank % 3)) / 100
    rate = declared[target - 1].exchange_rate
    amount = Money((cut if rate is None else cut / rate.rate).quantize(Decimal("0.01")), "EUR")
    error = ERROR_TYPES[(plan.rank + plan.number) % len(ERROR_TYPES)]
    steps.append(MakeDeduction(rid, target, amount, error, f"{error.value}: illustrative"))
    if plan.rank % 3 == 0:
        steps.append(ParkLine(rid, len(declared), "proof of payment missing: declare again later"))
        if plan.rank % 6 == 0:
            steps.append(ReincludeLine(rid, len(declared)))
    return steps


def report_commands(plan: ReportPlan) -> list[Command]:
    rid, end = plan.id, plan.period.end or plan.period.start
    opened_on = min(end + 5 * DAY, DEMO_AS_OF - 15 * DAY)
    declared = lines(plan)
    steps: list[Command] = [
        OpenPartnerReport(plan.project.id, org_id(plan.partner), plan.number, opened_on),
        *declared,
    ]
    if plan.outcome == "draft":
        return steps + ([WithdrawExpenditure(rid, 2)] if plan.rank % 2 == 0 else [])
    steps.append(SubmitPartnerReport(rid, end + 20 * DAY, f"{plan.partner} finance officer"))
    if plan.outcome == "reopened":
        return [*steps, ReopenPartnerReport(rid, controller(plan), "payslips missing for line 1")]
    if plan.outcome == "submitted":
        return steps
    steps += control(plan, declared, end)
    if plan.outcome == "in_control":
        return steps
    return [
        *steps,
        AssignSecondReviewer(rid, "FLC quality reviewer (demo)"),
        CertifyPartnerReport(rid, end + 75 * DAY, controller(plan)),
    ]


def certified_total(plan: ReportPlan) -> Money:
    """The eligible total certification freezes, folded in memory by the domain itself."""
    spec = plan.project
    report = PartnerReport.open(spec.id, org_id(plan.partner), spec.reporting_period(plan.number),
                                1, flat_rates(spec))  # fmt: skip
    facts = ProjectFacts(spec.period, Period(spec.joined_on(plan.partner)))
    for command in report_commands(plan)[1:]:
        fields = {k: v for k, v in vars(command).items() if k != "report_id"}
        if isinstance(command, DeclareExpenditure):
            report.declare_expenditure(facts, **fields)
        else:
            getattr(report, REPORT_METHODS[type(command)])(*fields.values())
    assert report.certified_total is not None, f"{plan.key} is not certified"
    return report.certified_total


REPORT_METHODS: dict[type, str] = {
    WithdrawExpenditure: "withdraw_expenditure",
    SubmitPartnerReport: "submit",
    ReopenPartnerReport: "reopen",
    StartControl: "start_control",
    SampleLine: "sample_line",
    MakeDeduction: "deduct",
    ParkLine: "park_line",
    ReincludeLine: "reinclude_line",
    AssignSecondReviewer: "assign_second_reviewer",
    CertifyPartnerReport: "certify",
}


REPORTS: list[ReportPlan] = report_plans()
