"""registerProject: register a cooperation project with its programme, funds and period.

Scope plan:write, managers only (Occitanie en scène registers the projects it runs).
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.project import Fund, FundShare, Programme
from hub.api.context import Info
from hub.api.directory.types import Project
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, PeriodInput, allowed, choice
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import RegisterProject


@strawberry.input(description="A fund and the share of eligible cost it pays (0 < rate ≤ 1).")
class FundShareInput:
    fund: str = strawberry.field(description=allowed(Fund))
    cofinancing_rate: Decimal


@strawberry.input
class RegisterProjectInput(CommandInput):
    acronym: str
    title: str
    programme: str = strawberry.field(description=allowed(Programme))
    funds: list[FundShareInput]
    period: PeriodInput
    currency: str = "EUR"


@strawberry.type
class RegisterProjectPayload(CommandPayload):
    project: Project | None = None


@strawberry.type
class RegisterProjectMutation:
    @strawberry.mutation(description="Register a cooperation project.")
    async def register_project(
        self, info: Info, input: RegisterProjectInput
    ) -> RegisterProjectPayload:
        require(info, "plan:write")
        require_manager(info, "register projects")
        funds = tuple(
            FundShare(choice(Fund, f.fund, "funds.fund"), f.cofinancing_rate) for f in input.funds
        )
        command = RegisterProject(
            input.acronym, input.title, choice(Programme, input.programme, "programme"), funds,
            input.period.to_period(), input.currency,
        )  # fmt: skip
        written = await execute(info, command, input, read_models=read_back.PARTNERSHIP)
        return RegisterProjectPayload(
            **written.fields, project=await read_back.project(info, written)
        )
