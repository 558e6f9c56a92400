"""Handlers of the Plan commands: the initial plan and its approved modifications."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.plan import Plan
from domain.project import Project
from hub.commands import AdoptPlan, ApprovePlanModification
from hub.handlers.session import Handler, Session


async def adopt_plan(command: AdoptPlan, session: Session) -> Aggregate:
    project = await session.get(Project, command.project_id)
    return Plan.adopt(
        project.id, command.content, command.effective_from, command.approved_on,
        command.approved_by, command.max_work_packages, project.currency,
    )  # fmt: skip


async def approve_plan_modification(
    command: ApprovePlanModification, session: Session
) -> Aggregate:
    plan = await session.get(Plan, Plan.create_id(command.project_id))
    plan.approve_modification(
        command.effective_from, command.approved_on, command.approved_by, command.reason,
        command.budget_changes, command.work_packages, command.activities,
        command.deliverables, command.indicators, command.flat_rates,
    )  # fmt: skip
    return plan


HANDLERS: dict[type, Handler] = {
    AdoptPlan: adopt_plan,
    ApprovePlanModification: approve_plan_modification,
}
