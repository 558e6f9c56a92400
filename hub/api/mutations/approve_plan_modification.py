"""approvePlanModification: a new plan version from a date; lists left null stay unchanged.

Scope plan:write, managers only (modifications are approved by the programme).
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.plan import Plan
from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plan_inputs import (
    BudgetChangeInput,
    FlatRateInput,
    IndicatorInput,
    PlannedDeliverableInput,
    WorkPackageInput,
)
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import ApprovePlanModification


def _all(items: list | None) -> tuple | None:  # type: ignore[type-arg]
    return None if items is None else tuple(item.to_domain() for item in items)


@strawberry.input
class ApprovePlanModificationInput(CommandInput):
    project_id: strawberry.ID
    effective_from: date
    approved_on: date
    reason: str
    budget_changes: list[BudgetChangeInput] = strawberry.field(default_factory=list)
    work_packages: list[WorkPackageInput] | None = None
    deliverables: list[PlannedDeliverableInput] | None = None
    indicators: list[IndicatorInput] | None = None
    flat_rates: list[FlatRateInput] | None = None


@strawberry.type
class ApprovePlanModificationPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class ApprovePlanModificationMutation:
    @strawberry.mutation(description="Approve a modification of a project's plan.")
    async def approve_plan_modification(
        self, info: Info, input: ApprovePlanModificationInput
    ) -> ApprovePlanModificationPayload:
        require(info, "plan:write")
        require_manager(info, "approve plan modifications")
        project_id = parse_id(input.project_id, "projectId")
        command = ApprovePlanModification(
            project_id, input.effective_from, input.approved_on, info.context.caller.subject,
            input.reason, tuple(c.to_domain() for c in input.budget_changes),
            _all(input.work_packages), None, _all(input.deliverables), _all(input.indicators),
            _all(input.flat_rates),
        )  # fmt: skip
        written = await execute(
            info, command, input, read_models=read_back.PLAN, target=Plan.create_id(project_id)
        )
        entity = await read_back.project(info, written, project_id)
        return ApprovePlanModificationPayload(**written.fields, project=entity)
