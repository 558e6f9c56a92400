"""Handlers of the Payment and Audit commands."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.audits import Audit
from domain.payments import Payment
from domain.project import Project
from hub.commands import (
    AuthorisePayment,
    CloseAudit,
    CloseFinding,
    ConfirmPayment,
    FollowUpFinding,
    ImposeCorrection,
    OpenAudit,
    RecordFinding,
)
from hub.handlers.session import Handler, Session


async def authorise_payment(command: AuthorisePayment, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    return Payment.authorise(
        project.id, command.partner_id, command.fund, command.kind, command.sequence,
        command.amount, command.authorised_by, command.authorised_on, command.partner_reports,
    )  # fmt: skip


async def confirm_payment(command: ConfirmPayment, session: Session) -> Aggregate:
    payment = await session.get(Payment, command.payment_id)
    payment.confirm(command.confirmed_by, command.confirmed_on)
    return payment


async def open_audit(command: OpenAudit, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    return Audit.open(project.id, command.body, command.reference, command.scope, command.opened_on)


async def record_finding(command: RecordFinding, session: Session) -> Aggregate:
    audit = await session.get(Audit, command.audit_id)
    audit.record_finding(command.number, command.description, command.partner_id)
    return audit


async def impose_correction(command: ImposeCorrection, session: Session) -> Aggregate:
    audit = await session.get(Audit, command.audit_id)
    audit.impose_correction(command.finding, command.amount, command.on)
    return audit


async def follow_up_finding(command: FollowUpFinding, session: Session) -> Aggregate:
    audit = await session.get(Audit, command.audit_id)
    audit.follow_up(command.finding, command.action, command.on)
    return audit


async def close_finding(command: CloseFinding, session: Session) -> Aggregate:
    audit = await session.get(Audit, command.audit_id)
    audit.close_finding(command.finding, command.on)
    return audit


async def close_audit(command: CloseAudit, session: Session) -> Aggregate:
    audit = await session.get(Audit, command.audit_id)
    audit.close(command.on)
    return audit


HANDLERS: dict[type, Handler] = {
    AuthorisePayment: authorise_payment,
    ConfirmPayment: confirm_payment,
    OpenAudit: open_audit,
    RecordFinding: record_finding,
    ImposeCorrection: impose_correction,
    FollowUpFinding: follow_up_finding,
    CloseFinding: close_finding,
    CloseAudit: close_audit,
}
