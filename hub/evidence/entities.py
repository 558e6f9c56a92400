"""Finding the entity a document is attached to, from the event store: its project and the
partner it belongs to. Expenditure lines and audit findings are named
``<stream id>:<number>``; the other entities by their stream id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.activities import Activity
from domain.audits import Audit
from domain.deliverables import Deliverable
from domain.evidence import EntityKind, EntityRef
from domain.expenditure import PartnerReport
from domain.project import Project
from hub.evidence.errors import EntityNotFound, InvalidEntity
from hub.handlers import AggregateNotFound, Repository

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Located:
    entity: EntityRef
    project: Project | None


def entity_kind(text: str) -> EntityKind:
    try:
        return EntityKind(text)
    except ValueError:
        known = ", ".join(kind.value for kind in EntityKind)
        raise InvalidEntity(f"unknown entity kind {text!r} (known: {known})") from None


async def locate(repository: Repository, kind: EntityKind, entity_id: str) -> Located:
    """The entity and its project, or EntityNotFound / InvalidEntity."""
    if kind in (EntityKind.EXPENDITURE_LINE, EntityKind.AUDIT_FINDING):
        stream_id, number = _numbered(entity_id)
    else:
        stream_id, number = _uuid(entity_id), 0
    entity = await _entity(repository, kind, stream_id, number)
    project = None
    if entity.project_id is not None:
        project = await _load(repository, Project, entity.project_id)
    return Located(entity, project)


async def _entity(
    repository: Repository, kind: EntityKind, stream_id: UUID, number: int
) -> EntityRef:
    if kind is EntityKind.EXPENDITURE_LINE:
        report = await _load(repository, PartnerReport, stream_id)
        if number not in report.lines:
            raise EntityNotFound(f"report {stream_id} has no line {number}")
        return EntityRef(kind, f"{stream_id}:{number}", report.project_id, report.partner_id)
    if kind is EntityKind.CONTROL:
        report = await _load(repository, PartnerReport, stream_id)
        return EntityRef(kind, str(stream_id), report.project_id, report.partner_id)
    if kind is EntityKind.DELIVERABLE:
        deliverable = await _load(repository, Deliverable, stream_id)
        return EntityRef(
            kind, str(stream_id), deliverable.project_id, deliverable.responsible_partner
        )
    if kind is EntityKind.ACTIVITY:
        activity = await _load(repository, Activity, stream_id)
        owner = await _project_or_none(repository, activity.owner_id)
        return EntityRef(kind, str(stream_id), owner, None)
    audit = await _load(repository, Audit, stream_id)
    finding = audit.findings.get(number)
    if finding is None:
        raise EntityNotFound(f"audit {stream_id} has no finding {number}")
    return EntityRef(kind, f"{stream_id}:{number}", audit.project_id, finding.partner_id)


async def _load(repository: Repository, cls: type[A], stream_id: UUID) -> A:
    try:
        aggregate = await repository.load(cls, stream_id)
    except AggregateNotFound:
        aggregate = None
    if aggregate is None:
        raise EntityNotFound(f"no {cls.__name__} {stream_id}")
    return aggregate


async def _project_or_none(repository: Repository, owner_id: UUID) -> UUID | None:
    """An activity's owner is a project or a La Collaborative scheme (no project)."""
    try:
        return (await _load(repository, Project, owner_id)).id
    except EntityNotFound:
        return None


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidEntity(f"not an entity id: {text!r}") from None


def _numbered(text: str) -> tuple[UUID, int]:
    stream, _, number = text.rpartition(":")
    if not number.isdigit():
        raise InvalidEntity(f"expected <id>:<number>, got {text!r}")
    return _uuid(stream), int(number)
