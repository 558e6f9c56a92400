"""Queries of the plan and the deliverables board of one project (scope projects:read)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import strawberry

from domain.deliverables import DeliverableStatus
from hub.api.context import Info
from hub.api.directory.data import projects_by_id
from hub.api.directory.types import parse_id
from hub.api.errors import InvalidInput, NotFound
from hub.api.loaders import loader
from hub.api.pagination import Connection, connection, cursor_key, page_size
from hub.api.permissions import require
from hub.api.planning import data
from hub.api.planning.types import Deliverable, Indicator, PlanVersion, WorkPackage

STATES = frozenset(s.value for s in DeliverableStatus)


async def known_project(info: Info, project_id: strawberry.ID) -> UUID:
    """The project's id, after checking the scope and that the project exists."""
    require(info, "projects:read")
    key = parse_id(project_id)
    if await loader(info, projects_by_id).load(key) is None:
        raise NotFound(f"no project {project_id}")
    return key


def _uuid_text(value: str) -> str:
    return str(UUID(value))


def _state(state: str | None) -> str | None:
    if state is not None and state not in STATES:
        raise InvalidInput(f"unknown state {state!r}", allowed=sorted(STATES))
    return state


@strawberry.type
class PlanningQueries:
    @strawberry.field(description="One deliverable by id.")
    async def deliverable(self, info: Info, id: strawberry.ID) -> Deliverable:
        require(info, "projects:read")
        row = await loader(info, data.deliverables_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no deliverable {id}")
        return Deliverable.from_row(row)

    @strawberry.field(
        description="A project's deliverables by due date (then id). dueBefore and dueAfter are"
        " exclusive; late is judged on `on` (default today)."
    )
    async def deliverables(
        self,
        info: Info,
        project_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        state: str | None = None,
        due_before: date | None = None,
        due_after: date | None = None,
        late: bool | None = None,
        on: date | None = None,
    ) -> Connection[Deliverable]:
        project = await known_project(info, project_id)
        size = page_size(first, info.context.settings.graphql_max_page_size)
        due_on, key = cursor_key(after, date.fromisoformat, _uuid_text)
        rows = await info.context.database.pool.fetch(
            data.DELIVERABLES_PAGE, project, on, due_on, key, _state(state), due_before,
            due_after, late, size + 1,
        )  # fmt: skip
        return connection(
            rows,
            size,
            Deliverable.from_row,
            lambda r: [r["due_on"].isoformat(), str(r["deliverable_id"])],
            after is not None,
        )

    @strawberry.field(description="Every approved version of a project's plan, oldest first.")
    async def plan_versions(self, info: Info, project_id: strawberry.ID) -> list[PlanVersion]:
        project = await known_project(info, project_id)
        rows = await info.context.database.pool.fetch(data.PLAN_VERSIONS, project)
        return [PlanVersion.from_row(r) for r in rows]

    @strawberry.field(description="The plan version in force on a day (default today).")
    async def plan_in_force(
        self, info: Info, project_id: strawberry.ID, on: date | None = None
    ) -> PlanVersion | None:
        project = await known_project(info, project_id)
        day = on or date.today()
        row = await info.context.database.pool.fetchrow(data.PLAN_IN_FORCE, project, day)
        return None if row is None else PlanVersion.from_row(row)

    @strawberry.field(description="Work packages of a plan version (default: the latest).")
    async def work_packages(
        self, info: Info, project_id: strawberry.ID, plan_version: int | None = None
    ) -> list[WorkPackage]:
        project = await known_project(info, project_id)
        number = plan_version
        if number is None:
            row = await info.context.database.pool.fetchrow(data.CURRENT_PLAN_VERSION, project)
            if row is None:
                return []
            number = row["number"]
        rows = await loader(info, data.work_packages_by_version).load((project, number))
        return [WorkPackage.from_row(r) for r in rows]

    @strawberry.field(description="Indicators of the latest plan version, target vs achieved.")
    async def indicators(self, info: Info, project_id: strawberry.ID) -> list[Indicator]:
        project = await known_project(info, project_id)
        rows = await info.context.database.pool.fetch(data.INDICATORS, project)
        return [Indicator.from_row(r) for r in rows]
