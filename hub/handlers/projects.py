"""Handlers of the Project commands: lifecycle, reporting periods, partnership."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.project import Project
from hub.commands import (
    AddReportingPeriod,
    AdmitPartner,
    ChangePartnerRole,
    CloseProject,
    RegisterProject,
    StartProject,
    WithdrawPartner,
)
from hub.handlers.session import Handler, Session


async def register_project(command: RegisterProject, session: Session) -> Aggregate:
    return Project.register(
        command.acronym, command.title, command.programme, command.funds, command.period,
        command.currency,
    )  # fmt: skip


async def start_project(command: StartProject, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.start()
    return project


async def close_project(command: CloseProject, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.close(command.closed_on)
    return project


async def add_reporting_period(command: AddReportingPeriod, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.add_reporting_period(command.period)
    return project


async def admit_partner(command: AdmitPartner, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.admit_partner(command.organisation_id, command.role, command.joined_on)
    return project


async def withdraw_partner(command: WithdrawPartner, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.withdraw_partner(command.organisation_id, command.left_on, command.reason)
    return project


async def change_partner_role(command: ChangePartnerRole, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    project.change_partner_role(command.organisation_id, command.role, command.effective_on)
    return project


HANDLERS: dict[type, Handler] = {
    RegisterProject: register_project,
    StartProject: start_project,
    CloseProject: close_project,
    AddReportingPeriod: add_reporting_period,
    AdmitPartner: admit_partner,
    WithdrawPartner: withdraw_partner,
    ChangePartnerRole: change_partner_role,
}
