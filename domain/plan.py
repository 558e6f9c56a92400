"""The approved plan of a project, in numbered versions (plan de travail / plan de trabajo).

The plan is its own aggregate, one per project, rather than part of ``Project``: its
versions are large and change on the funder's rhythm (modifications), partner reports
pin a version number, and keeping it apart keeps the partnership stream short and lets
partnership changes and plan modifications be decided without conflicting. The handler
passes the partnership facts a modification needs.

Every approved modification records the *whole* resulting version, so an auditor reads
any version from one event; ``plan_in_force(on)`` answers which version applied on a day.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.costs import CostCategory, FlatRate
from domain.errors import (
    ModificationBackdated,
    NegativeBudget,
    NoPlanInForce,
    PlanVersionNotFound,
    TooManyWorkPackages,
)
from domain.money import Money

PLAN_NAMESPACE = UUID("8a4d2f10-1b6c-5e3a-b2c7-9e0d1a3f5c42")
ERASMUS_MAX_WORK_PACKAGES = 10


@dataclass(frozen=True)
class WorkPackage:
    """A work package (lot de travail / paquete de trabajo), with its lump sum if any
    (Creative Europe and Erasmus+ pay lump sums per completed work package)."""

    code: str
    title: str
    lump_sum: Money | None = None


@dataclass(frozen=True)
class PlannedActivity:
    code: str
    work_package: str
    title: str


@dataclass(frozen=True)
class PlannedDeliverable:
    """A deliverable (livrable / entregable) as the plan states it."""

    code: str
    work_package: str
    title: str
    due_on: date
    responsible_partner: UUID


class IndicatorKind(StrEnum):
    OUTPUT = "output"  # indicateur de réalisation
    RESULT = "result"  # indicateur de résultat


@dataclass(frozen=True)
class Indicator:
    """An output or result indicator with its baseline and target."""

    code: str
    kind: IndicatorKind
    name: str
    unit: str
    baseline: Decimal
    target: Decimal


@dataclass(frozen=True)
class BudgetLine:
    """Budget of one partner in one cost category for one reporting period."""

    partner_id: UUID
    category: CostCategory
    period_number: int
    amount: Money


@dataclass(frozen=True)
class BudgetChange:
    """A modification's change to one budget cell: ``delta`` may be negative."""

    partner_id: UUID
    category: CostCategory
    period_number: int
    delta: Money


@dataclass(frozen=True)
class PlanContent:
    work_packages: tuple[WorkPackage, ...] = ()
    activities: tuple[PlannedActivity, ...] = ()
    deliverables: tuple[PlannedDeliverable, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    flat_rates: tuple[FlatRate, ...] = field(default=())

    def partner_budget(self, partner_id: UUID, currency: str = "EUR") -> Money:
        return self.budget_total(currency, partner_id=partner_id)

    def budget_total(
        self,
        currency: str = "EUR",
        partner_id: UUID | None = None,
        category: CostCategory | None = None,
        period_number: int | None = None,
    ) -> Money:
        result = Money.zero(currency)
        for line in self.budget:
            if partner_id not in (None, line.partner_id) or category not in (None, line.category):
                continue
            if period_number in (None, line.period_number):
                result = result + line.amount
        return result

    def partners(self) -> set[UUID]:
        return {line.partner_id for line in self.budget}


@dataclass(frozen=True)
class PlanVersion:
    number: int
    effective_from: date
    approved_on: date
    approved_by: str
    reason: str
    content: PlanContent


def apply_budget_changes(
    budget: tuple[BudgetLine, ...], changes: Iterable[BudgetChange]
) -> tuple[BudgetLine, ...]:
    cells = {(line.partner_id, line.category, line.period_number): line.amount for line in budget}
    for change in changes:
        key = (change.partner_id, change.category, change.period_number)
        cells[key] = cells.get(key, Money.zero(change.delta.currency)) + change.delta
    return tuple(BudgetLine(p, c, n, amount) for (p, c, n), amount in cells.items())


class Plan(Aggregate):
    """The versioned plan of one project."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(project_id: UUID) -> UUID:
        return uuid5(PLAN_NAMESPACE, str(project_id))

    @classmethod
    def adopt(
        cls,
        project_id: UUID,
        content: PlanContent,
        effective_from: date,
        approved_on: date,
        approved_by: str,
        max_work_packages: int | None = None,
        currency: str = "EUR",
    ) -> "Plan":
        """The initial approved plan (version 1), e.g. from the grant agreement."""
        _check(content, max_work_packages, currency)
        version = PlanVersion(1, effective_from, approved_on, approved_by, "initial", content)
        return cls(
            project_id=project_id,
            currency=currency,
            max_work_packages=max_work_packages,
            version=version,
        )

    @event("Adopted")
    def __init__(
        self,
        project_id: UUID,
        currency: str,
        max_work_packages: int | None,
        version: PlanVersion,
    ) -> None:
        self.project_id = project_id
        self.currency = currency
        self.max_work_packages = max_work_packages
        self.versions: tuple[PlanVersion, ...] = (version,)

    def approve_modification(
        self,
        effective_from: date,
        approved_on: date,
        approved_by: str,
        reason: str,
        budget_changes: tuple[BudgetChange, ...] = (),
        work_packages: tuple[WorkPackage, ...] | None = None,
        activities: tuple[PlannedActivity, ...] | None = None,
        deliverables: tuple[PlannedDeliverable, ...] | None = None,
        indicators: tuple[Indicator, ...] | None = None,
        flat_rates: tuple[FlatRate, ...] | None = None,
    ) -> PlanVersion:
        """Approve a modification: a new version in force from ``effective_from``."""
        current = self.versions[-1]
        if effective_from < current.effective_from:
            raise ModificationBackdated(f"{effective_from} < {current.effective_from}")
        old = current.content
        content = PlanContent(
            work_packages=old.work_packages if work_packages is None else work_packages,
            activities=old.activities if activities is None else activities,
            deliverables=old.deliverables if deliverables is None else deliverables,
            indicators=old.indicators if indicators is None else indicators,
            budget=apply_budget_changes(old.budget, budget_changes),
            flat_rates=old.flat_rates if flat_rates is None else flat_rates,
        )
        _check(content, self.max_work_packages, self.currency)
        number = current.number + 1
        version = PlanVersion(number, effective_from, approved_on, approved_by, reason, content)
        self._modification_approved(version)
        return version

    @event("ModificationApproved")
    def _modification_approved(self, version: PlanVersion) -> None:
        self.versions = (*self.versions, version)

    @property
    def current(self) -> PlanVersion:
        return self.versions[-1]

    def version_number(self, number: int) -> PlanVersion:
        for version in self.versions:
            if version.number == number:
                return version
        raise PlanVersionNotFound(str(number))

    def plan_in_force(self, on: date) -> PlanVersion:
        """The version that applied on ``on``: the latest one effective by that day."""
        in_force = [v for v in self.versions if v.effective_from <= on]
        if not in_force:
            raise NoPlanInForce(f"no plan version in force on {on}")
        return in_force[-1]


def _check(content: PlanContent, max_work_packages: int | None, currency: str) -> None:
    if max_work_packages is not None and len(content.work_packages) > max_work_packages:
        raise TooManyWorkPackages(f"{len(content.work_packages)} > {max_work_packages}")
    for line in content.budget:
        if line.amount.is_negative():
            raise NegativeBudget(f"{line.partner_id} {line.category} P{line.period_number}")
    for partner_id in content.partners():
        if content.partner_budget(partner_id, currency).is_negative():
            raise NegativeBudget(f"partner {partner_id}")
