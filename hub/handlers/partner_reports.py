"""Handlers of the PartnerReport commands: declaring, submitting, first-level control.

Opening and declaring need the project's facts (reporting period, plan version in force,
partnership), so their handlers load the Project (and Plan) and pass the facts in.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.expenditure import PartnerReport
from domain.plan import Plan
from domain.project import Project
from hub.commands import (
    AssignSecondReviewer,
    CertifyPartnerReport,
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
from hub.handlers.session import Handler, Session


async def open_partner_report(command: OpenPartnerReport, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    plan = await session.get(Plan, Plan.create_id(project.id))
    version = plan.plan_in_force(command.opened_on)
    return PartnerReport.open(
        project.id, command.partner_id, project.reporting_period(command.period_number),
        version.number, version.content.flat_rates, project.currency,
    )  # fmt: skip


async def declare_expenditure(command: DeclareExpenditure, session: Session) -> Aggregate:
    report = await session.get(PartnerReport, command.report_id)
    project = await session.get(Project, report.project_id)
    report.declare_expenditure(
        project.facts_for(report.partner_id), command.category, command.description,
        command.supplier, command.invoice_number, command.invoice_date, command.payment_date,
        command.declared, command.vat, command.vat_recoverable, command.evidence_ref,
        command.exchange_rate,
    )  # fmt: skip
    return report


async def _report(session: Session, report_id: UUID) -> PartnerReport:
    return await session.get(PartnerReport, report_id)


async def withdraw_expenditure(command: WithdrawExpenditure, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.withdraw_expenditure(command.line_number)
    return report


async def submit_partner_report(command: SubmitPartnerReport, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.submit(command.submitted_on, command.submitted_by)
    return report


async def reopen_partner_report(command: ReopenPartnerReport, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.reopen(command.reopened_by, command.reason)
    return report


async def start_control(command: StartControl, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.start_control(command.controller, command.started_on)
    return report


async def sample_line(command: SampleLine, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.sample_line(command.line_number)
    return report


async def make_deduction(command: MakeDeduction, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.deduct(command.line_number, command.amount, command.error_type, command.comment)
    return report


async def park_line(command: ParkLine, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.park_line(command.line_number, command.reason)
    return report


async def reinclude_line(command: ReincludeLine, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.reinclude_line(command.line_number)
    return report


async def assign_second_reviewer(command: AssignSecondReviewer, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.assign_second_reviewer(command.reviewer)
    return report


async def certify_partner_report(command: CertifyPartnerReport, session: Session) -> Aggregate:
    report = await _report(session, command.report_id)
    report.certify(command.certified_on, command.certified_by)
    return report


HANDLERS: dict[type, Handler] = {
    OpenPartnerReport: open_partner_report,
    DeclareExpenditure: declare_expenditure,
    WithdrawExpenditure: withdraw_expenditure,
    SubmitPartnerReport: submit_partner_report,
    ReopenPartnerReport: reopen_partner_report,
    StartControl: start_control,
    SampleLine: sample_line,
    MakeDeduction: make_deduction,
    ParkLine: park_line,
    ReincludeLine: reinclude_line,
    AssignSecondReviewer: assign_second_reviewer,
    CertifyPartnerReport: certify_partner_report,
}
