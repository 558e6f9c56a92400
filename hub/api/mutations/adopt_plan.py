"""adoptPlan: the project's first approved plan (version 1).

Scope plan:write, managers only: plans are approved by the programme, not by partners.
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.plan import Plan, PlanContent
from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plan_inputs import (
    BudgetLineInput,
    FlatRateInput,
    IndicatorInput,
    PlannedDeliverableInput,
    WorkPackageInput,
)
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import AdoptPlan


@strawberry.input
class AdoptPlanInput(CommandInput):
    project_id: strawberry.ID
    effective_from: date
    approved_on: date
    work_packages: list[WorkPackageInput] = strawberry.field(default_factory=list)
    deliverables: list[PlannedDeliverableInput] = strawberry.field(default_factory=list)
    indicators: list[IndicatorInput] = strawberry.field(default_factory=list)
    budget: list[BudgetLineInput] = strawberry.field(default_factory=list)
    flat_rates: list[FlatRateInput] = strawberry.field(default_factory=list)
    max_work_packages: int | None = None

    def content(self) -> PlanContent:
        return PlanContent(
            work_packages=tuple(item.to_domain() for item in self.work_packages),
            deliverables=tuple(item.to_domain() for item in self.deliverables),
            indicators=tuple(item.to_domain() for item in self.indicators),
            budget=tuple(item.to_domain() for item in self.budget),
            flat_rates=tuple(item.to_domain() for item in self.flat_rates),
        )


@strawberry.type
class AdoptPlanPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class AdoptPlanMutation:
    @strawberry.mutation(description="Adopt a project's first plan; approvedBy is the caller.")
    async def adopt_plan(self, info: Info, input: AdoptPlanInput) -> AdoptPlanPayload:
        require(info, "plan:write")
        require_manager(info, "adopt plans")
        project_id = parse_id(input.project_id, "projectId")
        command = AdoptPlan(
            project_id, input.content(), input.effective_from, input.approved_on,
            info.context.caller.subject, input.max_work_packages,
        )  # fmt: skip
        written = await execute(
            info, command, input, read_models=read_back.PLAN, target=Plan.create_id(project_id)
        )
        entity = await read_back.project(info, written, project_id)
        return AdoptPlanPayload(**written.fields, project=entity)
