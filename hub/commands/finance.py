"""Commands about partner reports, first-level control, payments and audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.audits import AuditingBody
from domain.costs import CostCategory
from domain.expenditure import ErrorType
from domain.money import ExchangeRate, Money
from domain.payments import PaymentKind
from domain.project import Fund
from hub.commands.base import Command

# Partner reports and first-level control ------------------------------------------------


@dataclass(frozen=True)
class OpenPartnerReport(Command):
    """Open the report pinned to the plan version in force on ``opened_on``."""

    project_id: UUID
    partner_id: UUID
    period_number: int
    opened_on: date


@dataclass(frozen=True)
class DeclareExpenditure(Command):
    report_id: UUID
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
    exchange_rate: ExchangeRate | None = None


@dataclass(frozen=True)
class WithdrawExpenditure(Command):
    report_id: UUID
    line_number: int


@dataclass(frozen=True)
class SubmitPartnerReport(Command):
    report_id: UUID
    submitted_on: date
    submitted_by: str


@dataclass(frozen=True)
class ReopenPartnerReport(Command):
    report_id: UUID
    reopened_by: str
    reason: str


@dataclass(frozen=True)
class StartControl(Command):
    report_id: UUID
    controller: str
    started_on: date


@dataclass(frozen=True)
class SampleLine(Command):
    report_id: UUID
    line_number: int


@dataclass(frozen=True)
class MakeDeduction(Command):
    report_id: UUID
    line_number: int
    amount: Money
    error_type: ErrorType
    comment: str


@dataclass(frozen=True)
class ParkLine(Command):
    report_id: UUID
    line_number: int
    reason: str


@dataclass(frozen=True)
class ReincludeLine(Command):
    report_id: UUID
    line_number: int


@dataclass(frozen=True)
class AssignSecondReviewer(Command):
    report_id: UUID
    reviewer: str


@dataclass(frozen=True)
class CertifyPartnerReport(Command):
    report_id: UUID
    certified_on: date
    certified_by: str


# Payments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorisePayment(Command):
    project_id: UUID
    partner_id: UUID
    fund: Fund
    kind: PaymentKind
    sequence: int
    amount: Money
    authorised_by: str
    authorised_on: date
    partner_reports: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class ConfirmPayment(Command):
    payment_id: UUID
    confirmed_by: str
    confirmed_on: date


# Audits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAudit(Command):
    project_id: UUID
    body: AuditingBody
    reference: str
    scope: str
    opened_on: date


@dataclass(frozen=True)
class RecordFinding(Command):
    audit_id: UUID
    number: int
    description: str
    partner_id: UUID | None = None


@dataclass(frozen=True)
class ImposeCorrection(Command):
    audit_id: UUID
    finding: int
    amount: Money
    on: date


@dataclass(frozen=True)
class FollowUpFinding(Command):
    audit_id: UUID
    finding: int
    action: str
    on: date


@dataclass(frozen=True)
class CloseFinding(Command):
    audit_id: UUID
    finding: int
    on: date


@dataclass(frozen=True)
class CloseAudit(Command):
    audit_id: UUID
    on: date
