"""authorisePayment: authorise one payment of one fund to a partner (advance, interim,
balance); interim and balance payments name the certified reports they pay.

Scope finance:write, managers only (the paying authority); authorisedBy is the caller.
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.payments import Payment, PaymentKind
from domain.project import Fund
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import (
    CommandInput,
    CommandPayload,
    MoneyInput,
    allowed,
    choice,
    parse_id,
)
from hub.api.mutations.plumbing import execute
from hub.api.mutations.tenancy import project_of, require_manager
from hub.api.permissions import require
from hub.commands import AuthorisePayment


@strawberry.input
class AuthorisePaymentInput(CommandInput):
    project_id: strawberry.ID
    partner_id: strawberry.ID
    fund: str = strawberry.field(description=allowed(Fund))
    kind: str = strawberry.field(description=allowed(PaymentKind))
    sequence: int
    amount: MoneyInput
    authorised_on: date
    partner_reports: list[strawberry.ID] = strawberry.field(default_factory=list)

    def command(self, authorised_by: str) -> AuthorisePayment:
        return AuthorisePayment(
            parse_id(self.project_id, "projectId"), parse_id(self.partner_id, "partnerId"),
            choice(Fund, self.fund, "fund"), choice(PaymentKind, self.kind, "kind"),
            self.sequence, self.amount.to_money(), authorised_by, self.authorised_on,
            tuple(parse_id(r, "partnerReports") for r in self.partner_reports),
        )  # fmt: skip


@strawberry.type
class AuthorisePaymentPayload(CommandPayload):
    pass


@strawberry.type
class AuthorisePaymentMutation:
    @strawberry.mutation(description="Authorise a payment to a partner; its id is the payload's.")
    async def authorise_payment(
        self, info: Info, input: AuthorisePaymentInput
    ) -> AuthorisePaymentPayload:
        require(info, "finance:write")
        require_manager(info, "authorise payments")
        command = input.command(info.context.caller.subject)
        await project_of(info, command.project_id)
        payment_id = Payment.create_id(
            command.project_id, command.partner_id, command.fund, command.kind, command.sequence
        )
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=payment_id,
            on_behalf_of=command.partner_id,
        )  # fmt: skip
        return AuthorisePaymentPayload(**written.fields)
