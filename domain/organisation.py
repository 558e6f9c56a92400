"""Organisations: partners, associated partners, agencies, funders' bodies.

An organisation (structure / entidad) is registered once and takes part in any number
of projects; its contacts are personal data, encrypted in the log by the codec.
"""

from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import ContactNotFound, InvalidCountry
from domain.personal_data import PersonalData

ORGANISATION_NAMESPACE = UUID("0b8f4d6c-2d0e-5c8a-a7f1-5e0f3f6d9a21")


class LegalStatus(StrEnum):
    """Legal status as programmes classify it (public / private, non-profit)."""

    PUBLIC_BODY = "public_body"
    BODY_GOVERNED_BY_PUBLIC_LAW = "body_governed_by_public_law"
    NON_PROFIT_ASSOCIATION = "non_profit_association"
    PRIVATE_COMPANY = "private_company"
    INTERNATIONAL_ORGANISATION = "international_organisation"


class VatRecovery(StrEnum):
    """Whether the organisation recovers VAT (récupération de la TVA): recoverable VAT
    is not eligible expenditure."""

    YES = "yes"
    NO = "no"
    PARTLY = "partly"


def check_country(country: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case (FR, ES, CA, PT, IT…)."""
    if len(country) != 2 or not country.isascii() or not country.isalpha():
        raise InvalidCountry(f"{country!r} is not an ISO 3166-1 alpha-2 code")
    return country.upper()


class Organisation(Aggregate):
    """A legal body taking part in projects (e.g. La Grainerie, Artemrede, OARA)."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    class Registered(Aggregate.Created):
        """Schema version 2: ``vat_recovery`` (yes / no / partly) replaced the version 1
        boolean ``vat_recoverable``, because partial recovery exists (pro-rata)."""

        class_version = 2
        name: str
        country: str
        region: str
        legal_status: LegalStatus
        vat_recovery: VatRecovery
        languages: tuple[str, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["vat_recovery"] = "yes" if state.pop("vat_recoverable") else "no"

    @staticmethod
    def create_id(name: str, country: str) -> UUID:
        return uuid5(ORGANISATION_NAMESPACE, f"{country.upper()}:{name.strip().casefold()}")

    @classmethod
    def register(
        cls,
        name: str,
        country: str,
        region: str,
        legal_status: LegalStatus,
        vat_recovery: VatRecovery,
        languages: tuple[str, ...] = (),
    ) -> "Organisation":
        return cls(
            name=name.strip(),
            country=check_country(country),
            region=region,
            legal_status=legal_status,
            vat_recovery=vat_recovery,
            languages=tuple(languages),
        )

    @event(Registered)
    def __init__(
        self,
        name: str,
        country: str,
        region: str,
        legal_status: LegalStatus,
        vat_recovery: VatRecovery,
        languages: tuple[str, ...],
    ) -> None:
        self.name = name
        self.country = country
        self.region = region
        self.legal_status = legal_status
        self.vat_recovery = vat_recovery
        self.languages = languages
        self.contacts: dict[UUID, tuple[str, PersonalData]] = {}

    def rename(self, name: str) -> None:
        if name.strip() != self.name:
            self._renamed(name.strip())

    @event("Renamed")
    def _renamed(self, name: str) -> None:
        self.name = name

    def change_vat_recovery(self, vat_recovery: VatRecovery) -> None:
        if vat_recovery != self.vat_recovery:
            self._vat_recovery_changed(vat_recovery)

    @event("VatRecoveryChanged")
    def _vat_recovery_changed(self, vat_recovery: VatRecovery) -> None:
        self.vat_recovery = vat_recovery

    def add_contact(self, role: str, details: PersonalData) -> None:
        """Record a contact person (project manager, finance officer…) in a role."""
        self._contact_added(role, details)

    @event("ContactAdded")
    def _contact_added(self, role: str, details: PersonalData) -> None:
        self.contacts[details.subject_id] = (role, details)

    def remove_contact(self, subject_id: UUID) -> None:
        if subject_id not in self.contacts:
            raise ContactNotFound(str(subject_id))
        self._contact_removed(subject_id)

    @event("ContactRemoved")
    def _contact_removed(self, subject_id: UUID) -> None:
        del self.contacts[subject_id]
