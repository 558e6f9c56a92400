"""Commands about organisations and their contacts (personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.organisation import LegalStatus, VatRecovery
from domain.personal_data import PersonalData
from hub.commands.base import Command

# Organisations --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterOrganisation(Command):
    name: str
    country: str
    region: str
    legal_status: LegalStatus
    vat_recovery: VatRecovery
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenameOrganisation(Command):
    organisation_id: UUID
    name: str


@dataclass(frozen=True)
class ChangeVatRecovery(Command):
    organisation_id: UUID
    vat_recovery: VatRecovery


@dataclass(frozen=True)
class AddContact(Command):
    organisation_id: UUID
    role: str
    details: PersonalData


@dataclass(frozen=True)
class RemoveContact(Command):
    organisation_id: UUID
    subject_id: UUID


# Personal data --------------------------------------------------------------------------


@dataclass(frozen=True)
class ForgetDataSubject(Command):
    """Erase a person (droit à l'effacement): delete their key, record the erasure."""

    subject_id: UUID
