"""Handlers of the Organisation commands."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.organisation import Organisation
from hub.commands import (
    AddContact,
    ChangeVatRecovery,
    RegisterOrganisation,
    RemoveContact,
    RenameOrganisation,
)
from hub.handlers.session import Handler, Session


async def register_organisation(command: RegisterOrganisation, session: Session) -> Aggregate:
    return Organisation.register(
        command.name, command.country, command.region, command.legal_status,
        command.vat_recovery, command.languages,
    )  # fmt: skip


async def rename_organisation(command: RenameOrganisation, session: Session) -> Aggregate:
    organisation = await session.get(Organisation, command.organisation_id)
    organisation.rename(command.name)
    return organisation


async def change_vat_recovery(command: ChangeVatRecovery, session: Session) -> Aggregate:
    organisation = await session.get(Organisation, command.organisation_id)
    organisation.change_vat_recovery(command.vat_recovery)
    return organisation


async def add_contact(command: AddContact, session: Session) -> Aggregate:
    organisation = await session.get(Organisation, command.organisation_id)
    organisation.add_contact(command.role, command.details)
    return organisation


async def remove_contact(command: RemoveContact, session: Session) -> Aggregate:
    organisation = await session.get(Organisation, command.organisation_id)
    organisation.remove_contact(command.subject_id)
    return organisation


HANDLERS: dict[type, Handler] = {
    RegisterOrganisation: register_organisation,
    RenameOrganisation: rename_organisation,
    ChangeVatRecovery: change_vat_recovery,
    AddContact: add_contact,
    RemoveContact: remove_contact,
}
