"""``projectAsOf``: a project, its deliverables and its budget as the hub knew them at a log
position (or a moment), folded from the log by ``as_of`` (DESIGN: reports and audits fold
the log, so they can be reproduced as of any position).

The answer for a position never changes: positions past the head and moments in the future
are refused. Lateness and the plan in force are judged on ``on`` (by default the UTC day the
event at that position was recorded). Budget and payments are finance: they need
``finance:read`` and the project's finance visible to the caller (``hub.api.tenancy``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import strawberry

from domain.deliverables import Deliverable
from domain.plan import PlanVersion
from domain.project import Project
from hub.api.context import Info
from hub.api.directory.types import parse_id
from hub.api.errors import InvalidInput, NotFound
from hub.api.labels import label
from hub.api.money import Money
from hub.api.permissions import require
from hub.api.planning import as_of
from hub.api.scalars import BigInt
from hub.api.tenancy import require_finance_project
from hub.handlers import bootstrap
from hub.handlers.repository import Repository


@strawberry.type(description="A partner's place in the partnership at that position.")
class PartnerAsOf:
    organisation_id: strawberry.ID
    name: str | None = strawberry.field(description="Its name as registered at that position.")
    role: str
    joined_on: date
    left_on: date | None

    @strawberry.field
    def role_label(self, info: Info, lang: str | None = None) -> str:
        return label("partner_role", self.role, lang or info.context.lang)


@strawberry.type(description="A past move of a due date and why.")
class DueDateMove:
    previous_due_on: date
    justification: str


@strawberry.type(description="A deliverable as it stood at that position.")
class DeliverableAsOf:
    id: strawberry.ID
    code: str
    title: str
    work_package: str
    responsible_partner_id: strawberry.ID
    state: str
    due_on: date
    late: bool = strawberry.field(description="Late on the snapshot's day.")
    submitted_on: date | None
    document_ref: str | None
    rejection_reason: str | None
    due_date_changes: list[DueDateMove]

    @classmethod
    def of(cls, deliverable: Deliverable, day: date) -> DeliverableAsOf:
        return cls(
            id=strawberry.ID(str(deliverable.id)),
            code=deliverable.code,
            title=deliverable.title,
            work_package=deliverable.work_package,
            responsible_partner_id=strawberry.ID(str(deliverable.responsible_partner)),
            state=deliverable.status.value,
            due_on=deliverable.due_on,
            late=deliverable.is_late(day),
            submitted_on=deliverable.submitted_on,
            document_ref=deliverable.document_ref,
            rejection_reason=deliverable.rejection_reason,
            due_date_changes=[DueDateMove(previous_due_on=d, justification=j)
                              for d, j in deliverable.due_date_history],
        )  # fmt: skip

    @strawberry.field
    def state_label(self, info: Info, lang: str | None = None) -> str:
        return label("deliverable_state", self.state, lang or info.context.lang)


@strawberry.type(description="One partner's figures in one cost category at that position.")
class BudgetFiguresAsOf:
    organisation_id: strawberry.ID
    cost_category: str
    budget: Money = strawberry.field(description="In the plan version in force.")
    declared: Money = strawberry.field(description="In reports handed in (not drafts).")
    validated: Money = strawberry.field(description="Eligible in certified reports.")


@strawberry.type(description="What the funds authorised and paid to one partner.")
class PaymentsAsOf:
    organisation_id: strawberry.ID
    authorised: Money
    paid: Money = strawberry.field(description="Payments confirmed as made.")


@strawberry.type(description="A project as the hub knew it at a log position.")
class ProjectSnapshot:
    position: BigInt = strawberry.field(description="The log position the answer is folded to.")
    recorded_at: datetime = strawberry.field(description="When that position was recorded.")
    day: date = strawberry.field(description="The day lateness and the plan are judged on.")
    id: strawberry.ID
    acronym: str
    title: str
    programme: str
    currency: str
    status: str
    plan_version: int | None = strawberry.field(description="The version in force on `day`.")
    plan_effective_from: date | None
    partners: list[PartnerAsOf]
    repository: strawberry.Private[Repository]
    plan: strawberry.Private[PlanVersion | None]

    @strawberry.field(description="Its deliverables then, by due date and code.")
    async def deliverables(self) -> list[DeliverableAsOf]:
        found = await as_of.deliverables(self.repository, UUID(self.id), self.position)
        return [DeliverableAsOf.of(d, self.day) for d in found]

    @strawberry.field(
        description="Budget, declared, validated per partner and cost category (null, with a"
        " FORBIDDEN error, when the caller may not read the project's finance)."
    )
    async def budget(self, info: Info) -> list[BudgetFiguresAsOf] | None:
        await require_finance_project(info, UUID(self.id))
        cells = await as_of.budget(self.repository, UUID(self.id), self.position, self.plan)
        return [
            BudgetFiguresAsOf(
                organisation_id=strawberry.ID(str(c.partner_id)),
                cost_category=c.category,
                budget=Money(amount=c.budget, currency=self.currency),
                declared=Money(amount=c.declared, currency=self.currency),
                validated=Money(amount=c.validated, currency=self.currency),
            )
            for c in cells
        ]

    @strawberry.field(description="Payments authorised and made, per partner.")
    async def payments(self, info: Info) -> list[PaymentsAsOf] | None:
        await require_finance_project(info, UUID(self.id))
        found = await as_of.payments(self.repository, UUID(self.id), self.position)
        return [
            PaymentsAsOf(
                organisation_id=strawberry.ID(str(p.partner_id)),
                authorised=Money(amount=p.authorised, currency=p.currency),
                paid=Money(amount=p.paid, currency=p.currency),
            )
            for p in found
        ]


def repository_of(info: Info) -> Repository:
    """The served app's repository, or one over the request's pool."""
    state = getattr(getattr(info.context.request, "app", None), "state", None)
    bus = getattr(state, "bus", None)
    return bus.repository if bus is not None else bootstrap(info.context.database.pool).repository


async def resolve_position(
    repository: Repository, position: int | None, at: datetime | None
) -> int:
    """The position named, or the last one recorded at ``at``; only ever a settled past."""
    if (position is None) == (at is None):
        raise InvalidInput("give exactly one of `position` and `at`")
    if at is not None:
        if at.tzinfo is None:
            raise InvalidInput("`at` needs a time zone offset")
        if at > datetime.now(UTC):
            raise InvalidInput("`at` is in the future")
        return await repository.position_at(at)
    head = await as_of.head(repository)
    if position is None or not 1 <= position <= head:
        raise InvalidInput(f"`position` must be between 1 and the head ({head})", head=head)
    return position


async def snapshot(
    repository: Repository, project: Project, position: int, on: date | None
) -> ProjectSnapshot:
    recorded = await as_of.recorded_at(repository, position)
    assert recorded is not None
    day = on or recorded.astimezone(UTC).date()
    plan = await as_of.plan_in_force(repository, project.id, position, day)
    members = list(project.memberships.values())
    names = await as_of.organisation_names(
        repository, [m.organisation_id for m in members], position
    )
    return ProjectSnapshot(
        position=BigInt(position), recorded_at=recorded, day=day,
        id=strawberry.ID(str(project.id)), acronym=project.acronym, title=project.title,
        programme=project.programme.value, currency=project.currency,
        status=project.status.value, plan_version=plan.number if plan else None,
        plan_effective_from=plan.effective_from if plan else None,
        partners=[PartnerAsOf(
            organisation_id=strawberry.ID(str(m.organisation_id)),
            name=names.get(m.organisation_id), role=m.role.value,
            joined_on=m.joined_on, left_on=m.left_on,
        ) for m in members],
        repository=repository, plan=plan,
    )  # fmt: skip


@strawberry.type
class AsOfQueries:
    @strawberry.field(
        description="A project as the hub knew it at a log `position` or moment `at` (exactly"
        " one), reconstructed from the log. `on` overrides the day lateness is judged on."
    )
    async def project_as_of(
        self,
        info: Info,
        id: strawberry.ID,
        position: BigInt | None = None,
        at: datetime | None = None,
        on: date | None = None,
    ) -> ProjectSnapshot:
        require(info, "projects:read")
        repository = repository_of(info)
        resolved = await resolve_position(repository, position, at)
        project = await as_of.project(repository, parse_id(id), resolved) if resolved else None
        if project is None:
            raise NotFound(f"no project {id} at position {resolved}")
        return await snapshot(repository, project, resolved, on)
