"""confirmPayment: confirm the money reached the partner; confirmedBy is the caller.

Scope finance:write, managers only (the paying authority).
"""

from __future__ import annotations

from datetime import date

import strawberry

from domain.payments import Payment
from hub.api.context import Info
from hub.api.mutations import read_back
from hub.api.mutations.common import CommandInput, CommandPayload, parse_id
from hub.api.mutations.plumbing import execute, load
from hub.api.mutations.tenancy import require_manager
from hub.api.permissions import require
from hub.commands import ConfirmPayment


@strawberry.input
class ConfirmPaymentInput(CommandInput):
    payment_id: strawberry.ID
    confirmed_on: date


@strawberry.type
class ConfirmPaymentPayload(CommandPayload):
    pass


@strawberry.type
class ConfirmPaymentMutation:
    @strawberry.mutation(description="Confirm that an authorised payment was paid.")
    async def confirm_payment(
        self, info: Info, input: ConfirmPaymentInput
    ) -> ConfirmPaymentPayload:
        require(info, "finance:write")
        require_manager(info, "confirm payments")
        payment_id = parse_id(input.payment_id, "paymentId")
        payment = await load(info, Payment, payment_id)
        command = ConfirmPayment(payment_id, info.context.caller.subject, input.confirmed_on)
        written = await execute(
            info, command, input, read_models=read_back.FINANCE, target=payment_id,
            on_behalf_of=payment.partner_id,
        )  # fmt: skip
        return ConfirmPaymentPayload(**written.fields)
