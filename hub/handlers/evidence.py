"""Handlers of the evidence commands."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.evidence import Evidence
from hub.commands.evidence import AttachEvidence, DeleteEvidence
from hub.handlers.session import Handler, Session


async def attach_evidence(command: AttachEvidence, session: Session) -> Aggregate:
    document = command.document
    evidence = await session.find(Evidence, Evidence.create_id(document.sha256))
    if evidence is None:
        evidence = Evidence.receive(document, command.attached_by)
    evidence.attach(document, command.entity, command.attached_by)
    return evidence


async def delete_evidence(command: DeleteEvidence, session: Session) -> Aggregate:
    evidence = await session.get(Evidence, Evidence.create_id(command.sha256))
    evidence.delete(command.today, command.deadline, command.rule, command.deleted_by)
    return evidence


HANDLERS: dict[type, Handler] = {
    AttachEvidence: attach_evidence,
    DeleteEvidence: delete_evidence,
}
