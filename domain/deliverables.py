"""Deliverables and their continuous reporting (livrables / entregables).

pending → draft → submitted → accepted | rejected (with a reason); a rejected
deliverable goes back to draft. Moving a due date needs a justification, and a
deliverable not submitted by its due date is late.
"""

from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DeliverableNotSubmitted, InvalidStateTransition, JustificationRequired

DELIVERABLE_NAMESPACE = UUID("5e7a9c31-4d2b-5f6e-8a1c-2b3d4e5f6a73")


class DeliverableStatus(StrEnum):
    PENDING = "pending"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


_HANDED_IN = (DeliverableStatus.SUBMITTED, DeliverableStatus.ACCEPTED)


class Deliverable(Aggregate):
    """A deliverable of a project, e.g. "D2.1 Capitalisation study" of Travesía."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(project_id: UUID, code: str) -> UUID:
        return uuid5(DELIVERABLE_NAMESPACE, f"{project_id}:{code.strip().upper()}")

    @classmethod
    def plan(
        cls,
        project_id: UUID,
        code: str,
        title: str,
        work_package: str,
        due_on: date,
        responsible_partner: UUID,
    ) -> "Deliverable":
        return cls(
            project_id=project_id,
            code=code.strip().upper(),
            title=title,
            work_package=work_package,
            due_on=due_on,
            responsible_partner=responsible_partner,
        )

    @event("Planned")
    def __init__(
        self,
        project_id: UUID,
        code: str,
        title: str,
        work_package: str,
        due_on: date,
        responsible_partner: UUID,
    ) -> None:
        self.project_id = project_id
        self.code = code
        self.title = title
        self.work_package = work_package
        self.due_on = due_on
        self.responsible_partner = responsible_partner
        self.status = DeliverableStatus.PENDING
        self.submitted_on: date | None = None
        self.document_ref: str | None = None
        self.rejection_reason: str | None = None
        self.due_date_history: tuple[tuple[date, str], ...] = ()

    def start_drafting(self, document_ref: str) -> None:
        if self.status not in (DeliverableStatus.PENDING, DeliverableStatus.REJECTED):
            raise InvalidStateTransition(f"cannot draft a {self.status} deliverable")
        self._drafted(document_ref)

    @event("Drafted")
    def _drafted(self, document_ref: str) -> None:
        self.status = DeliverableStatus.DRAFT
        self.document_ref = document_ref

    def submit(self, submitted_on: date, document_ref: str) -> None:
        if self.status != DeliverableStatus.DRAFT:
            raise InvalidStateTransition(f"cannot submit a {self.status} deliverable")
        self._submitted(submitted_on, document_ref)

    @event("Submitted")
    def _submitted(self, submitted_on: date, document_ref: str) -> None:
        self.status = DeliverableStatus.SUBMITTED
        self.submitted_on = submitted_on
        self.document_ref = document_ref

    def accept(self, accepted_on: date, accepted_by: str) -> None:
        if self.status != DeliverableStatus.SUBMITTED:
            raise DeliverableNotSubmitted(f"{self.code} is {self.status}")
        self._accepted(accepted_on, accepted_by)

    @event("Accepted")
    def _accepted(self, accepted_on: date, accepted_by: str) -> None:
        self.status = DeliverableStatus.ACCEPTED

    def reject(self, rejected_on: date, rejected_by: str, reason: str) -> None:
        if self.status != DeliverableStatus.SUBMITTED:
            raise DeliverableNotSubmitted(f"{self.code} is {self.status}")
        if not reason.strip():
            raise JustificationRequired("a rejection states its reason")
        self._rejected(rejected_on, rejected_by, reason.strip())

    @event("Rejected")
    def _rejected(self, rejected_on: date, rejected_by: str, reason: str) -> None:
        self.status = DeliverableStatus.REJECTED
        self.rejection_reason = reason

    def change_due_date(self, due_on: date, justification: str) -> None:
        """Move the due date; funders ask why (justification du retard)."""
        if not justification.strip():
            raise JustificationRequired(f"moving {self.code} to {due_on} needs a justification")
        if self.status == DeliverableStatus.ACCEPTED:
            raise InvalidStateTransition(f"{self.code} is already accepted")
        if due_on != self.due_on:
            self._due_date_changed(self.due_on, due_on, justification.strip())

    @event("DueDateChanged")
    def _due_date_changed(self, previous_due_on: date, due_on: date, justification: str) -> None:
        self.due_date_history = (*self.due_date_history, (self.due_on, justification))
        self.due_on = due_on

    def is_late(self, today: date) -> bool:
        """Late when not submitted by its due date (or submitted after it)."""
        if self.submitted_on is not None and self.status in _HANDED_IN:
            return self.submitted_on > self.due_on
        return today > self.due_on
