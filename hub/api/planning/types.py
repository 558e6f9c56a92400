"""Plan versions, work packages, deliverables and indicators, read from the read models.

Scalar fields are plain attributes built ``from_row``; relations (responsible partner,
due-date changes, a version's content) go through the request's DataLoaders.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.directory.data import organisations_by_id, projects_by_id
from hub.api.directory.types import Organisation, Project, parse_id
from hub.api.labels import label
from hub.api.loaders import loader
from hub.api.money import Money
from hub.api.permissions import require
from hub.api.planning import data
from hub.api.scalars import BigInt


@strawberry.type(description="A move of a deliverable's due date, with its justification.")
class DueDateChange:
    position: BigInt
    previous_due_on: date
    due_on: date
    justification: str
    recorded_at: datetime


@strawberry.federation.type(keys=["id"], description="A deliverable (livrable / entregable).")
class Deliverable:
    id: strawberry.ID
    project_id: strawberry.ID
    code: str
    title: str
    work_package: str = strawberry.field(description="Code of its work package.")
    responsible_partner_id: strawberry.ID
    state: str = strawberry.field(description="pending, draft, submitted, accepted or rejected.")
    due_on: date
    original_due_on: date
    late: bool = strawberry.field(
        description="Handed in after its due date, or not handed in and the due date has passed"
        " (judged today, or on the day the query names)."
    )
    document_ref: str | None
    submitted_on: date | None
    accepted_on: date | None
    rejected_on: date | None
    rejection_reason: str | None = strawberry.field(description="Reason of the last rejection.")
    rejections: int
    version_position: BigInt = strawberry.field(description="Log position of its last change.")

    @classmethod
    def from_row(cls, row: Any) -> Deliverable:
        return cls(
            id=strawberry.ID(str(row["deliverable_id"])),
            project_id=strawberry.ID(str(row["project_id"])),
            code=row["code"],
            title=row["title"],
            work_package=row["work_package"],
            responsible_partner_id=strawberry.ID(str(row["responsible_partner"])),
            state=row["status"],
            due_on=row["due_on"],
            original_due_on=row["original_due_on"],
            late=row["late"],
            document_ref=row["document_ref"],
            submitted_on=row["submitted_on"],
            accepted_on=row["accepted_on"],
            rejected_on=row["rejected_on"],
            rejection_reason=row["rejection_reason"],
            rejections=row["rejections"],
            version_position=BigInt(row["last_position"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Deliverable | None:
        require(info, "projects:read")
        row = await loader(info, data.deliverables_by_id).load(parse_id(id))
        return None if row is None else cls.from_row(row)

    @strawberry.field
    def state_label(self, info: Info, lang: str | None = None) -> str:
        return label("deliverable_state", self.state, lang or info.context.lang)

    @strawberry.field(description="The partner responsible for it.")
    async def responsible_partner(self, info: Info) -> Organisation | None:
        row = await loader(info, organisations_by_id).load(UUID(self.responsible_partner_id))
        return None if row is None else Organisation.from_row(row)

    @strawberry.field
    async def project(self, info: Info) -> Project | None:
        row = await loader(info, projects_by_id).load(UUID(self.project_id))
        return None if row is None else Project.from_row(row)

    @strawberry.field(description="Every move of its due date, oldest first.")
    async def due_date_changes(self, info: Info) -> list[DueDateChange]:
        rows = await loader(info, data.due_date_changes_by_deliverable).load(UUID(self.id))
        return [
            DueDateChange(
                position=BigInt(r["position"]),
                previous_due_on=r["previous_due_on"],
                due_on=r["due_on"],
                justification=r["justification"],
                recorded_at=r["recorded_at"],
            )
            for r in rows
        ]


@strawberry.type(description="A work package (lot de travail / paquete de trabajo).")
class WorkPackage:
    code: str
    title: str
    plan_version: int
    lump_sum: Money | None = strawberry.field(description="Lump sum paid on completion, if any.")

    @classmethod
    def from_row(cls, row: Any) -> WorkPackage:
        amount, currency = row["lump_sum"], row["lump_sum_currency"]
        return cls(
            code=row["code"],
            title=row["title"],
            plan_version=row["plan_version"],
            lump_sum=None if amount is None else Money(amount=amount, currency=currency),
        )


@strawberry.type(description="A deliverable as a plan version states it.")
class PlannedDeliverable:
    code: str
    work_package: str
    title: str
    due_on: date
    responsible_partner_id: strawberry.ID

    @classmethod
    def from_row(cls, row: Any) -> PlannedDeliverable:
        return cls(
            code=row["code"],
            work_package=row["work_package"],
            title=row["title"],
            due_on=row["due_on"],
            responsible_partner_id=strawberry.ID(str(row["responsible_partner"])),
        )


@strawberry.type(description="An approved version of a project's plan.")
class PlanVersion:
    project_id: strawberry.ID
    number: int
    effective_from: date
    approved_on: date
    approved_by: str
    reason: str
    currency: str
    is_current: bool
    recorded_at: datetime
    position: BigInt = strawberry.field(description="Log position of its approval.")

    @classmethod
    def from_row(cls, row: Any) -> PlanVersion:
        return cls(
            project_id=strawberry.ID(str(row["project_id"])),
            number=row["number"],
            effective_from=row["effective_from"],
            approved_on=row["approved_on"],
            approved_by=row["approved_by"],
            reason=row["reason"],
            currency=row["currency"],
            is_current=row["is_current"],
            recorded_at=row["recorded_at"],
            position=BigInt(row["position"]),
        )

    @strawberry.field
    async def work_packages(self, info: Info) -> list[WorkPackage]:
        key = (UUID(self.project_id), self.number)
        rows = await loader(info, data.work_packages_by_version).load(key)
        return [WorkPackage.from_row(r) for r in rows]

    @strawberry.field(description="The deliverables this version plans, by due date.")
    async def deliverables(self, info: Info) -> list[PlannedDeliverable]:
        key = (UUID(self.project_id), self.number)
        rows = await loader(info, data.planned_deliverables_by_version).load(key)
        return [PlannedDeliverable.from_row(r) for r in rows]


@strawberry.type(description="An output or result indicator: baseline, target, achieved.")
class Indicator:
    code: str
    kind: str = strawberry.field(description="output or result.")
    name: str
    unit: str
    plan_version: int
    baseline: Decimal
    target: Decimal
    achieved: Decimal = strawberry.field(
        description="Sum of the contributions of activities not cancelled."
    )
    activities: int = strawberry.field(description="Activities that contributed.")

    @classmethod
    def from_row(cls, row: Any) -> Indicator:
        return cls(
            code=row["code"],
            kind=row["kind"],
            name=row["name"],
            unit=row["unit"],
            plan_version=row["plan_version"],
            baseline=row["baseline"],
            target=row["target"],
            achieved=row["achieved"],
            activities=row["activities"],
        )
