"""Commands about projects, their partnership, plan and deliverables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.costs import FlatRate
from domain.periods import Period
from domain.plan import (
    BudgetChange,
    Indicator,
    PlanContent,
    PlannedActivity,
    PlannedDeliverable,
    WorkPackage,
)
from domain.project import FundShare, PartnerRole, Programme
from hub.commands.base import Command

# Projects and partnership ---------------------------------------------------------------


@dataclass(frozen=True)
class RegisterProject(Command):
    acronym: str
    title: str
    programme: Programme
    funds: tuple[FundShare, ...]
    period: Period
    currency: str = "EUR"


@dataclass(frozen=True)
class StartProject(Command):
    project_id: UUID


@dataclass(frozen=True)
class CloseProject(Command):
    project_id: UUID
    closed_on: date


@dataclass(frozen=True)
class AddReportingPeriod(Command):
    project_id: UUID
    period: Period


@dataclass(frozen=True)
class AdmitPartner(Command):
    project_id: UUID
    organisation_id: UUID
    role: PartnerRole
    joined_on: date


@dataclass(frozen=True)
class WithdrawPartner(Command):
    project_id: UUID
    organisation_id: UUID
    left_on: date
    reason: str


@dataclass(frozen=True)
class ChangePartnerRole(Command):
    project_id: UUID
    organisation_id: UUID
    role: PartnerRole
    effective_on: date


# Plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdoptPlan(Command):
    project_id: UUID
    content: PlanContent
    effective_from: date
    approved_on: date
    approved_by: str
    max_work_packages: int | None = None


@dataclass(frozen=True)
class ApprovePlanModification(Command):
    project_id: UUID
    effective_from: date
    approved_on: date
    approved_by: str
    reason: str
    budget_changes: tuple[BudgetChange, ...] = ()
    work_packages: tuple[WorkPackage, ...] | None = None
    activities: tuple[PlannedActivity, ...] | None = None
    deliverables: tuple[PlannedDeliverable, ...] | None = None
    indicators: tuple[Indicator, ...] | None = None
    flat_rates: tuple[FlatRate, ...] | None = None


# Deliverables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanDeliverable(Command):
    project_id: UUID
    code: str
    title: str
    work_package: str
    due_on: date
    responsible_partner: UUID


@dataclass(frozen=True)
class StartDraftingDeliverable(Command):
    deliverable_id: UUID
    document_ref: str


@dataclass(frozen=True)
class SubmitDeliverable(Command):
    deliverable_id: UUID
    submitted_on: date
    document_ref: str


@dataclass(frozen=True)
class AcceptDeliverable(Command):
    deliverable_id: UUID
    accepted_on: date
    accepted_by: str


@dataclass(frozen=True)
class RejectDeliverable(Command):
    deliverable_id: UUID
    rejected_on: date
    rejected_by: str
    reason: str


@dataclass(frozen=True)
class ChangeDeliverableDueDate(Command):
    deliverable_id: UUID
    due_on: date
    justification: str
