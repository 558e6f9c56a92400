"""registerOrganisation: add an organisation to the directory.

Scope plan:write, managers only: partners join the directory through the programme, and
a partner's token cannot act for an organisation that does not exist yet.
"""

from __future__ import annotations

import strawberry

from domain.organisation import LegalStatus, VatRecovery
from hub.api.context import Info
from hub.api.directory.types import Organisation
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, allowed, choice
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import RegisterOrganisation


@strawberry.input
class RegisterOrganisationInput(CommandInput):
    name: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    region: str
    legal_status: str = strawberry.field(description=allowed(LegalStatus))
    vat_recovery: str = strawberry.field(description=allowed(VatRecovery))
    languages: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class RegisterOrganisationPayload(CommandPayload):
    organisation: Organisation | None = None


@strawberry.type
class RegisterOrganisationMutation:
    @strawberry.mutation(description="Register an organisation (partner, agency) in the directory.")
    async def register_organisation(
        self, info: Info, input: RegisterOrganisationInput
    ) -> RegisterOrganisationPayload:
        require(info, "plan:write")
        require_manager(info, "register organisations")
        command = RegisterOrganisation(
            input.name, input.country, input.region,
            choice(LegalStatus, input.legal_status, "legalStatus"),
            choice(VatRecovery, input.vat_recovery, "vatRecovery"), tuple(input.languages),
        )  # fmt: skip
        written = await execute(info, command, input, read_models=read_back.ORGANISATIONS)
        entity = await read_back.organisation(info, written)
        return RegisterOrganisationPayload(**written.fields, organisation=entity)
