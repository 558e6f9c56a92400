"""Audits of a project by an auditing body (audit / auditoría): findings, financial
corrections (corrections financières / correcciones financieras) and their follow-up."""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    AuditClosed,
    AuditHasOpenFindings,
    FindingAlreadyExists,
    FindingNotFound,
    NegativeAmount,
)
from domain.money import Money

AUDIT_NAMESPACE = UUID("4b8c0d25-7e1f-5a6b-9c2d-3e4f5a6b7c86")


class AuditingBody(StrEnum):
    FIRST_LEVEL_CONTROLLER = "first_level_controller"
    AUDIT_AUTHORITY = "audit_authority"  # autorité d'audit (CICC in France)
    EUROPEAN_COMMISSION = "european_commission"
    EUROPEAN_COURT_OF_AUDITORS = "european_court_of_auditors"
    FUNDER = "funder"
    BOARD = "board"  # the agency's own board (conseil d'administration)


@dataclass(frozen=True)
class Finding:
    number: int
    description: str
    partner_id: UUID | None
    corrections: tuple[Money, ...] = ()
    follow_ups: tuple[str, ...] = ()
    closed_on: date | None = None


class Audit(Aggregate):
    """One audit of one project, e.g. an audit-authority sample check of Pyrenart."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(project_id: UUID, body: AuditingBody, reference: str) -> UUID:
        return uuid5(AUDIT_NAMESPACE, f"{project_id}:{body}:{reference}")

    @classmethod
    def open(
        cls, project_id: UUID, body: AuditingBody, reference: str, scope: str, opened_on: date
    ) -> "Audit":
        return cls(
            project_id=project_id, body=body, reference=reference, scope=scope, opened_on=opened_on
        )

    @event("Opened")
    def __init__(
        self, project_id: UUID, body: AuditingBody, reference: str, scope: str, opened_on: date
    ) -> None:
        self.project_id = project_id
        self.body = body
        self.reference = reference
        self.scope = scope
        self.opened_on = opened_on
        self.findings: dict[int, Finding] = {}
        self.closed_on: date | None = None

    def record_finding(self, number: int, description: str, partner_id: UUID | None) -> None:
        self._require_open()
        if number in self.findings:
            raise FindingAlreadyExists(str(number))
        self._finding_recorded(number, description, partner_id)

    @event("FindingRecorded")
    def _finding_recorded(self, number: int, description: str, partner_id: UUID | None) -> None:
        self.findings[number] = Finding(number, description, partner_id)

    def impose_correction(self, finding: int, amount: Money, on: date) -> None:
        """A financial correction: ``amount`` of certified expenditure is withdrawn."""
        self._require_open()
        self._finding(finding)
        if amount.amount <= 0:
            raise NegativeAmount(f"a correction is positive, got {amount}")
        self._correction_imposed(finding, amount, on)

    @event("CorrectionImposed")
    def _correction_imposed(self, finding: int, amount: Money, on: date) -> None:
        old = self.findings[finding]
        self.findings[finding] = replace(old, corrections=(*old.corrections, amount))

    def follow_up(self, finding: int, action: str, on: date) -> None:
        """Record what was done about a finding (suivi / seguimiento)."""
        self._require_open()
        self._finding(finding)
        self._followed_up(finding, action, on)

    @event("FollowedUp")
    def _followed_up(self, finding: int, action: str, on: date) -> None:
        old = self.findings[finding]
        self.findings[finding] = replace(old, follow_ups=(*old.follow_ups, action))

    def close_finding(self, finding: int, on: date) -> None:
        self._require_open()
        if self._finding(finding).closed_on is None:
            self._finding_closed(finding, on)

    @event("FindingClosed")
    def _finding_closed(self, finding: int, on: date) -> None:
        self.findings[finding] = replace(self.findings[finding], closed_on=on)

    def close(self, on: date) -> None:
        self._require_open()
        still_open = [n for n, f in self.findings.items() if f.closed_on is None]
        if still_open:
            raise AuditHasOpenFindings(f"findings still open: {still_open}")
        self._closed(on)

    @event("Closed")
    def _closed(self, on: date) -> None:
        self.closed_on = on

    def total_corrections(self, currency: str = "EUR") -> Money:
        result = Money.zero(currency)
        for finding in self.findings.values():
            for amount in finding.corrections:
                result = result + amount
        return result

    def _finding(self, number: int) -> Finding:
        try:
            return self.findings[number]
        except KeyError:
            raise FindingNotFound(str(number)) from None

    def _require_open(self) -> None:
        if self.closed_on is not None:
            raise AuditClosed(f"closed on {self.closed_on}")
