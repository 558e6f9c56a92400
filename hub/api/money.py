"""Money as an object: a decimal amount (serialized as a string) and its currency."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type(description="An amount of money: decimal string amount and ISO 4217 currency.")
class Money:
    amount: Decimal
    currency: str


def money(amount: Decimal | None, currency: str) -> Money:
    return Money(amount=amount if amount is not None else Decimal("0.00"), currency=currency)
