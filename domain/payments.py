"""Payments from a fund to a partner (paiements / pagos): advance, interim, balance.

Each payment is authorised (by whom, when) and later confirmed as made (by whom, when).
Documents are kept until a retention deadline that follows the last payment.
"""

from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import ConfirmationBeforeAuthorisation, NegativeAmount, PaymentAlreadyConfirmed
from domain.money import Money
from domain.project import Fund

PAYMENT_NAMESPACE = UUID("2f6e8b14-9a3c-5d7e-a4b5-6c7d8e9fa015")


class PaymentKind(StrEnum):
    ADVANCE = "advance"  # avance / anticipo
    INTERIM = "interim"  # paiement intermédiaire / pago intermedio
    BALANCE = "balance"  # solde / saldo


class Payment(Aggregate):
    """One payment of one fund to one partner of a project."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(
        project_id: UUID, partner_id: UUID, fund: Fund, kind: PaymentKind, sequence: int
    ) -> UUID:
        return uuid5(PAYMENT_NAMESPACE, f"{project_id}:{partner_id}:{fund}:{kind}:{sequence}")

    @classmethod
    def authorise(
        cls,
        project_id: UUID,
        partner_id: UUID,
        fund: Fund,
        kind: PaymentKind,
        sequence: int,
        amount: Money,
        authorised_by: str,
        authorised_on: date,
        partner_reports: tuple[UUID, ...] = (),
    ) -> "Payment":
        """Authorise a payment; interim and balance payments name the reports they pay."""
        if amount.amount <= 0:
            raise NegativeAmount(f"a payment is positive, got {amount}")
        return cls(
            project_id=project_id,
            partner_id=partner_id,
            fund=fund,
            kind=kind,
            sequence=sequence,
            amount=amount,
            authorised_by=authorised_by,
            authorised_on=authorised_on,
            partner_reports=tuple(partner_reports),
        )

    @event("Authorised")
    def __init__(
        self,
        project_id: UUID,
        partner_id: UUID,
        fund: Fund,
        kind: PaymentKind,
        sequence: int,
        amount: Money,
        authorised_by: str,
        authorised_on: date,
        partner_reports: tuple[UUID, ...],
    ) -> None:
        self.project_id = project_id
        self.partner_id = partner_id
        self.fund = fund
        self.kind = kind
        self.sequence = sequence
        self.amount = amount
        self.authorised_by = authorised_by
        self.authorised_on = authorised_on
        self.partner_reports = partner_reports
        self.confirmed_by: str | None = None
        self.confirmed_on: date | None = None

    def confirm(self, confirmed_by: str, confirmed_on: date) -> None:
        """Confirm the money reached the partner."""
        if self.confirmed_on is not None:
            raise PaymentAlreadyConfirmed(f"confirmed on {self.confirmed_on}")
        if confirmed_on < self.authorised_on:
            raise ConfirmationBeforeAuthorisation(f"{confirmed_on} < {self.authorised_on}")
        self._confirmed(confirmed_by, confirmed_on)

    @event("Confirmed")
    def _confirmed(self, confirmed_by: str, confirmed_on: date) -> None:
        self.confirmed_by = confirmed_by
        self.confirmed_on = confirmed_on

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None


def retention_deadline(last_payment_on: date, state_aid: bool = False) -> date:
    """Keep documents 5 years from 31 December of the year of the last payment
    (10 years under state-aid rules)."""

    years = 10 if state_aid else 5
    return date(last_payment_on.year + years, 12, 31)
