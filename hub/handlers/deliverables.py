"""Handlers of the Deliverable commands (continuous reporting)."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.deliverables import Deliverable
from domain.project import Project
from hub.commands import (
    AcceptDeliverable,
    ChangeDeliverableDueDate,
    PlanDeliverable,
    RejectDeliverable,
    StartDraftingDeliverable,
    SubmitDeliverable,
)
from hub.handlers.session import Handler, Session


async def plan_deliverable(command: PlanDeliverable, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    return Deliverable.plan(
        project.id, command.code, command.title, command.work_package, command.due_on,
        command.responsible_partner,
    )  # fmt: skip


async def start_drafting(command: StartDraftingDeliverable, session: Session) -> Aggregate:
    deliverable = await session.get(Deliverable, command.deliverable_id)
    deliverable.start_drafting(command.document_ref)
    return deliverable


async def submit_deliverable(command: SubmitDeliverable, session: Session) -> Aggregate:
    deliverable = await session.get(Deliverable, command.deliverable_id)
    deliverable.submit(command.submitted_on, command.document_ref)
    return deliverable


async def accept_deliverable(command: AcceptDeliverable, session: Session) -> Aggregate:
    deliverable = await session.get(Deliverable, command.deliverable_id)
    deliverable.accept(command.accepted_on, command.accepted_by)
    return deliverable


async def reject_deliverable(command: RejectDeliverable, session: Session) -> Aggregate:
    deliverable = await session.get(Deliverable, command.deliverable_id)
    deliverable.reject(command.rejected_on, command.rejected_by, command.reason)
    return deliverable


async def change_due_date(command: ChangeDeliverableDueDate, session: Session) -> Aggregate:
    deliverable = await session.get(Deliverable, command.deliverable_id)
    deliverable.change_due_date(command.due_on, command.justification)
    return deliverable


HANDLERS: dict[type, Handler] = {
    PlanDeliverable: plan_deliverable,
    StartDraftingDeliverable: start_drafting,
    SubmitDeliverable: submit_deliverable,
    AcceptDeliverable: accept_deliverable,
    RejectDeliverable: reject_deliverable,
    ChangeDeliverableDueDate: change_due_date,
}
