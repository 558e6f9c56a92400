"""Commands about the evidence vault: attach a stored document to an entity, delete one
whose retention deadline has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.evidence import Document, EntityRef, RetentionRule
from hub.commands.base import Command


@dataclass(frozen=True)
class AttachEvidence(Command):
    """Attach ``document`` (its bytes already safely stored) to ``entity``."""

    document: Document
    entity: EntityRef
    attached_by: str


@dataclass(frozen=True)
class DeleteEvidence(Command):
    """Record the lawful deletion of a document's bytes; ``deadline`` and ``rule`` are the
    retention the caller computed from the log, ``today`` the date it takes as today."""

    sha256: str
    today: date
    deadline: date | None
    rule: RetentionRule
    deleted_by: str
