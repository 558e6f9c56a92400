"""Partner reports, their expenditure lines and first-level control.

A partner report (rapport du partenaire / informe del socio) gathers one partner's
expenditure for one reporting period, pinned to the plan version in force when it was
opened. States: draft → submitted → in_control → certified; a submitted report or one in
control can be reopened to draft with a reason. First-level control (contrôle de premier
niveau / control de primer nivel) samples lines, deducts amounts with an error type,
parks lines and re-includes them, and needs a second reviewer before certification.

Flat-rate amounts are never declared: they are derived from their base, both on the
declared and on the eligible amounts, so a deduction on staff costs lowers the
office-and-administration flat rate automatically.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.costs import CostCategory, FlatRate, FlatRateKind, covered_categories
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
    NegativeAmount,
    ReasonRequired,
    ReportNotEditable,
    ReportNotInControl,
    SecondReviewerMustDiffer,
    SecondReviewRequired,
)
from domain.money import ExchangeRate, Money
from domain.periods import ReportingPeriod
from domain.project import ProjectFacts

REPORT_NAMESPACE = UUID("9d3b7e21-6c4a-5d8f-b1e2-4a5c6d7e8f94")


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_CONTROL = "in_control"
    CERTIFIED = "certified"


class ErrorType(StrEnum):
    """Why a controller deducted an amount (typologie d'erreur / tipología de error)."""

    INELIGIBLE_COST = "ineligible_cost"
    MISSING_EVIDENCE = "missing_evidence"
    PUBLIC_PROCUREMENT = "public_procurement"
    OUTSIDE_PERIOD = "outside_period"
    RECOVERABLE_VAT = "recoverable_vat"
    CALCULATION_ERROR = "calculation_error"
    DOUBLE_FUNDING = "double_funding"
    OTHER = "other"


@dataclass(frozen=True)
class ExpenditureLine:
    """One invoice or payslip declared by a partner (dépense / gasto).

    For an amount in another currency than the report's, the exchange rate, its date and
    its source are frozen on the line with the converted amount.
    """

    number: int
    category: CostCategory
    description: str
    supplier: str
    invoice_number: str
    invoice_date: date
    payment_date: date
    declared: Money
    vat: Money
    vat_recoverable: bool
    evidence_ref: str
    exchange_rate: ExchangeRate | None
    declared_in_report_currency: Money


@dataclass(frozen=True)
class Deduction:
    amount: Money
    error_type: ErrorType
    comment: str


@dataclass(frozen=True)
class FlatRateAmount:
    """A flat-rate amount with its base and rate, so an auditor can recompute it."""

    kind: FlatRateKind
    rate: Decimal
    base: Money
    amount: Money


class PartnerReport(Aggregate):
    """One partner's report for one reporting period."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(project_id: UUID, partner_id: UUID, reporting_period: ReportingPeriod) -> UUID:
        return uuid5(REPORT_NAMESPACE, f"{project_id}:{partner_id}:{reporting_period.number}")

    @classmethod
    def open(
        cls,
        project_id: UUID,
        partner_id: UUID,
        reporting_period: ReportingPeriod,
        plan_version: int,
        flat_rates: tuple[FlatRate, ...],
        currency: str = "EUR",
    ) -> "PartnerReport":
        """Open a report pinned to ``plan_version`` (the one in force when opened)."""
        return cls(
            project_id=project_id,
            partner_id=partner_id,
            reporting_period=reporting_period,
            plan_version=plan_version,
            flat_rates=tuple(flat_rates),
            currency=currency,
        )

    @event("Opened")
    def __init__(
        self,
        project_id: UUID,
        partner_id: UUID,
        reporting_period: ReportingPeriod,
        plan_version: int,
        flat_rates: tuple[FlatRate, ...],
        currency: str,
    ) -> None:
        self.project_id = project_id
        self.partner_id = partner_id
        self.reporting_period = reporting_period
        self.plan_version = plan_version
        self.flat_rates = flat_rates
        self.currency = currency
        self.status = ReportStatus.DRAFT
        self.lines: dict[int, ExpenditureLine] = {}
        self.last_line_number = 0
        self.sampled: set[int] = set()
        self.deductions: dict[int, tuple[Deduction, ...]] = {}
        self.parked: dict[int, str] = {}
        self.controller: str | None = None
        self.second_reviewer: str | None = None
        self.certified_total: Money | None = None

    # Declaring -------------------------------------------------------------------------

    def declare_expenditure(
        self,
        facts: ProjectFacts,
        category: CostCategory,
        description: str,
        supplier: str,
        invoice_number: str,
        invoice_date: date,
        payment_date: date,
        declared: Money,
        vat: Money,
        vat_recoverable: bool,
        evidence_ref: str,
        exchange_rate: ExchangeRate | None = None,
    ) -> int:
        """Declare one expenditure line; returns its number in the report."""
        self._require(ReportStatus.DRAFT, ReportNotEditable)
        if category in covered_categories(self.flat_rates):
            raise CostCategoryCoveredByFlatRate(f"{category} is paid by a flat rate")
        declared.require_not_negative()
        vat.require_not_negative()
        for day in (invoice_date, payment_date):
            if not facts.project_period.contains(day):
                raise ExpenditureOutsideProjectPeriod(f"{day} outside {facts.project_period}")
        membership = facts.partner_membership
        if membership is None or not membership.contains(invoice_date):
            raise ExpenditureByNonPartner(f"{self.partner_id} not a partner on {invoice_date}")
        line = ExpenditureLine(
            self.last_line_number + 1, category, description, supplier, invoice_number,
            invoice_date, payment_date, declared, vat, vat_recoverable, evidence_ref,
            exchange_rate, self._in_report_currency(declared, exchange_rate),
        )  # fmt: skip
        self._expenditure_declared(line)
        return line.number

    def _in_report_currency(self, amount: Money, rate: ExchangeRate | None) -> Money:
        if amount.currency == self.currency:
            return amount
        if rate is None:
            raise ExchangeRateRequired(f"{amount} needs a rate to {self.currency}")
        return rate.convert(amount, self.currency)

    @event("ExpenditureDeclared")
    def _expenditure_declared(self, line: ExpenditureLine) -> None:
        self.lines[line.number] = line
        self.last_line_number = line.number

    def withdraw_expenditure(self, line_number: int) -> None:
        self._require(ReportStatus.DRAFT, ReportNotEditable)
        self._line(line_number)
        self._expenditure_withdrawn(line_number)

    @event("ExpenditureWithdrawn")
    def _expenditure_withdrawn(self, line_number: int) -> None:
        del self.lines[line_number]

    def submit(self, submitted_on: date, submitted_by: str) -> None:
        self._require(ReportStatus.DRAFT, InvalidStateTransition)
        self._submitted(submitted_on, submitted_by)

    @event("Submitted")
    def _submitted(self, submitted_on: date, submitted_by: str) -> None:
        self.status = ReportStatus.SUBMITTED

    def reopen(self, reopened_by: str, reason: str) -> None:
        """Send the report back to the partner as a draft (réouverture)."""
        if self.status not in (ReportStatus.SUBMITTED, ReportStatus.IN_CONTROL):
            raise InvalidStateTransition(f"cannot reopen a {self.status} report")
        if not reason.strip():
            raise ReasonRequired("reopening a report needs a reason")
        self._reopened(reopened_by, reason.strip())

    @event("Reopened")
    def _reopened(self, reopened_by: str, reason: str) -> None:
        self.status = ReportStatus.DRAFT

    # Control ---------------------------------------------------------------------------

    def start_control(self, controller: str, started_on: date) -> None:
        self._require(ReportStatus.SUBMITTED, InvalidStateTransition)
        self._control_started(controller, started_on)

    @event("ControlStarted")
    def _control_started(self, controller: str, started_on: date) -> None:
        self.status = ReportStatus.IN_CONTROL
        self.controller = controller

    def sample_line(self, line_number: int) -> None:
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        self._line(line_number)
        if line_number not in self.sampled:
            self._line_sampled(line_number)

    @event("LineSampled")
    def _line_sampled(self, line_number: int) -> None:
        self.sampled.add(line_number)

    def deduct(self, line_number: int, amount: Money, error_type: ErrorType, comment: str) -> None:
        """Deduct an ineligible amount from a line (correction financière du contrôleur)."""
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        line = self._line(line_number)
        if amount.amount <= 0:
            raise NegativeAmount(f"a deduction is positive, got {amount}")
        if line_number in self.parked:
            raise LineParked(f"line {line_number} is parked")
        if self.deducted(line_number) + amount > line.declared_in_report_currency:
            raise DeductionExceedsDeclaredAmount(
                f"{amount} more than {line.declared_in_report_currency} declared on {line_number}"
            )
        self._deduction_made(line_number, Deduction(amount, error_type, comment))

    @event("DeductionMade")
    def _deduction_made(self, line_number: int, deduction: Deduction) -> None:
        self.deductions[line_number] = (*self.deductions.get(line_number, ()), deduction)

    def park_line(self, line_number: int, reason: str) -> None:
        """Set a line aside, to be re-included later (dépense mise en attente)."""
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        self._line(line_number)
        if line_number not in self.parked:
            self._line_parked(line_number, reason)

    @event("LineParked")
    def _line_parked(self, line_number: int, reason: str) -> None:
        self.parked[line_number] = reason

    def reinclude_line(self, line_number: int) -> None:
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        self._line(line_number)
        if line_number not in self.parked:
            raise LineNotParked(f"line {line_number} is not parked")
        self._line_reincluded(line_number)

    @event("LineReincluded")
    def _line_reincluded(self, line_number: int) -> None:
        del self.parked[line_number]

    def assign_second_reviewer(self, reviewer: str) -> None:
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        if reviewer == self.controller:
            raise SecondReviewerMustDiffer(reviewer)
        self._second_reviewer_assigned(reviewer)

    @event("SecondReviewerAssigned")
    def _second_reviewer_assigned(self, reviewer: str) -> None:
        self.second_reviewer = reviewer

    def certify(self, certified_on: date, certified_by: str) -> None:
        """Issue the control certificate; the eligible amounts are frozen on the event."""
        self._require(ReportStatus.IN_CONTROL, ReportNotInControl)
        if self.second_reviewer is None:
            raise SecondReviewRequired("assign a second reviewer before certifying")
        self._certified(
            certified_on, certified_by, self.eligible_total(), self.flat_rate_amounts(True)
        )

    @event("Certified")
    def _certified(
        self,
        certified_on: date,
        certified_by: str,
        eligible_total: Money,
        flat_rate_amounts: tuple[FlatRateAmount, ...],
    ) -> None:
        self.status = ReportStatus.CERTIFIED
        self.certified_total = eligible_total

    # Figures ---------------------------------------------------------------------------

    def deducted(self, line_number: int) -> Money:
        result = Money.zero(self.currency)
        for deduction in self.deductions.get(line_number, ()):
            result = result + deduction.amount
        return result

    def eligible_amount(self, line_number: int) -> Money:
        """Declared minus deductions; a parked line counts for nothing until re-included."""
        line = self._line(line_number)
        if line_number in self.parked:
            return Money.zero(self.currency)
        return line.declared_in_report_currency - self.deducted(line_number)

    def direct_costs(self, eligible: bool = False) -> dict[CostCategory, Money]:
        costs: dict[CostCategory, Money] = {}
        for number, line in self.lines.items():
            amount = self.eligible_amount(number) if eligible else line.declared_in_report_currency
            costs[line.category] = costs.get(line.category, Money.zero(self.currency)) + amount
        return costs

    def flat_rate_amounts(self, eligible: bool = False) -> tuple[FlatRateAmount, ...]:
        """Each flat rate with its base, recomputed from the current (eligible) costs."""
        costs = self.direct_costs(eligible)
        amounts = []
        for flat_rate in self.flat_rates:
            base = flat_rate.base_on(costs, self.currency)
            amounts.append(
                FlatRateAmount(flat_rate.kind, flat_rate.rate, base, base.times(flat_rate.rate))
            )
        return tuple(amounts)

    def declared_total(self) -> Money:
        return self._total(eligible=False)

    def eligible_total(self) -> Money:
        return self._total(eligible=True)

    def _total(self, eligible: bool) -> Money:
        result = Money.zero(self.currency)
        for amount in self.direct_costs(eligible).values():
            result = result + amount
        for flat in self.flat_rate_amounts(eligible):
            result = result + flat.amount
        return result

    def _line(self, line_number: int) -> ExpenditureLine:
        try:
            return self.lines[line_number]
        except KeyError:
            raise ExpenditureLineNotFound(str(line_number)) from None

    def _require(self, status: ReportStatus, error: type[Exception]) -> None:
        if self.status != status:
            raise error(f"report is {self.status}, expected {status}")
