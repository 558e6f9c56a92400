"""Evidence (pièces justificatives / documentos justificativos): the documents behind the
figures, such as invoices, proofs of payment, timesheets, contracts, procurement files,
deliverable files and attendance sheets.

One stream per document, named by the SHA-256 of its bytes: the document is received
once, attached to any number of entities (an expenditure line, the control of a partner
report, a deliverable, an activity, an audit finding), and may be deleted only after its
retention deadline (5 years from 31 December of the year of the project's last payment,
10 under state-aid rules; the years are set per programme). Every ``Attached`` event
repeats the document's hash, name, type and size, so each one stands on its own.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError

EVIDENCE_NAMESPACE = UUID("6a0f3c58-2b7d-5e91-8c4a-7d1e2f3a4b5c")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class EntityKind(StrEnum):
    """What a document can be attached to."""

    EXPENDITURE_LINE = "expenditure_line"  # id: "<report id>:<line number>"
    CONTROL = "control"  # first-level control of a partner report; id: the report id
    DELIVERABLE = "deliverable"
    ACTIVITY = "activity"
    AUDIT_FINDING = "audit_finding"  # id: "<audit id>:<finding number>"


class InvalidDocument(DomainError):
    """A document is named by the lowercase hex SHA-256 of its bytes and is never empty."""

    rule: ClassVar[str] = "invalid_document"


class RetentionNotExpired(DomainError):
    """A document is kept until its retention deadline has passed."""

    rule: ClassVar[str] = "retention_not_expired"


class RetentionDeadlineUnknown(DomainError):
    """The deadline follows the project's last payment: with none yet, the document stays."""

    rule: ClassVar[str] = "retention_deadline_unknown"


class DocumentDeleted(DomainError):
    """The document's bytes were lawfully deleted already."""

    rule: ClassVar[str] = "document_deleted"


@dataclass(frozen=True)
class Document:
    """The bytes' identity and what the uploader called them."""

    sha256: str
    file_name: str
    content_type: str
    size: int

    def __post_init__(self) -> None:
        if not SHA256_PATTERN.match(self.sha256):
            raise InvalidDocument(f"not a lowercase hex SHA-256: {self.sha256!r}")
        if self.size <= 0:
            raise InvalidDocument("a document has at least one byte")
        if not self.file_name.strip() or not self.content_type:
            raise InvalidDocument("a document has a file name and a content type")


@dataclass(frozen=True)
class EntityRef:
    """An entity a document is attached to, with the project and partner it belongs to
    (``partner_id`` is None for an entity of the whole project)."""

    kind: EntityKind
    entity_id: str
    project_id: UUID | None
    partner_id: UUID | None


@dataclass(frozen=True)
class RetentionRule:
    """How long documents are kept after the year of the last payment."""

    name: str
    years: int

    def deadline(self, last_payment_on: date) -> date:
        """31 December of the year of the last payment, plus ``years`` years."""
        return date(last_payment_on.year + self.years, 12, 31)


class Evidence(Aggregate):
    """One document of the vault and the entities it is evidence for."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    class Received(Aggregate.Created):
        """The document's bytes reached the vault for the first time."""

        class_version = 1
        document: Document
        received_by: str

    class Attached(Event):
        """The document is evidence for an entity (of a project and partner, when it has
        them); the hash, name, type and size are those of the stored bytes."""

        entity_kind: EntityKind
        entity_id: str
        project_id: UUID | None
        partner_id: UUID | None
        sha256: str
        file_name: str
        content_type: str
        size: int
        attached_by: str

    class Deleted(Event):
        """The bytes were deleted after the retention deadline, under the rule named."""

        deleted_on: date
        deadline: date
        rule: str
        years: int
        deleted_by: str

    @staticmethod
    def create_id(sha256: str) -> UUID:
        return uuid5(EVIDENCE_NAMESPACE, sha256)

    @classmethod
    def receive(cls, document: Document, received_by: str) -> "Evidence":
        """The first upload of these bytes; attach it to an entity next."""
        # the id comes from the hash inside the document, which create_id cannot be given
        return cls._create(
            cls.Received, id=cls.create_id(document.sha256), document=document,
            received_by=received_by,
        )  # fmt: skip

    @event(Received)
    def __init__(self, document: Document, received_by: str) -> None:
        self.sha256 = document.sha256
        self.size = document.size
        self.attachments: dict[tuple[EntityKind, str], EntityRef] = {}
        self.projects: set[UUID] = set()
        self.deleted_on: date | None = None

    def attach(self, document: Document, entity: EntityRef, attached_by: str) -> bool:
        """Attach the document to ``entity``; False if it already is (nothing recorded)."""
        if document.sha256 != self.sha256 or document.size != self.size:
            raise InvalidDocument("these are not this document's bytes")
        if (entity.kind, entity.entity_id) in self.attachments:
            return False
        self._attached(
            entity.kind, entity.entity_id, entity.project_id, entity.partner_id,
            document.sha256, document.file_name, document.content_type, document.size,
            attached_by,
        )  # fmt: skip
        return True

    @event(Attached)
    def _attached(
        self,
        entity_kind: EntityKind,
        entity_id: str,
        project_id: UUID | None,
        partner_id: UUID | None,
        sha256: str,
        file_name: str,
        content_type: str,
        size: int,
        attached_by: str,
    ) -> None:
        # re-attaching a deleted document means its bytes were uploaded again
        entity = EntityRef(entity_kind, entity_id, project_id, partner_id)
        self.attachments[(entity_kind, entity_id)] = entity
        if project_id is not None:
            self.projects.add(project_id)
        self.deleted_on = None

    def delete(
        self, today: date, deadline: date | None, rule: RetentionRule, deleted_by: str
    ) -> None:
        """Record the lawful deletion of the bytes, once ``deadline`` has passed."""
        if self.deleted_on is not None:
            raise DocumentDeleted(f"{self.sha256} was deleted on {self.deleted_on}")
        if deadline is None:
            raise RetentionDeadlineUnknown(
                f"{self.sha256}: no payment confirmed yet for its projects, so it is kept"
            )
        if today <= deadline:
            raise RetentionNotExpired(f"{self.sha256} is kept until {deadline} ({rule.name})")
        self._deleted(today, deadline, rule.name, rule.years, deleted_by)

    @event(Deleted)
    def _deleted(
        self, deleted_on: date, deadline: date, rule: str, years: int, deleted_by: str
    ) -> None:
        self.deleted_on = deleted_on
        self.attachments = {}
