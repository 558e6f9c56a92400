"""What every mutation shares: the optional concurrency and idempotency fields of its input,
the fields of its payload, and the parsing of ids, choices, money and periods.

Enumerated values (cost categories, roles, funds…) are strings checked here against the
domain's enumerations, so an unknown one is INVALID_INPUT naming the allowed values.
Amounts are ``Decimal`` (sent as strings), never floats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

import strawberry

from domain.errors import InvalidMoney
from domain.money import Money
from domain.participants import ParticipantCounts
from domain.periods import Period
from hub.api.errors import ApiError, InvalidInput
from hub.api.scalars import BigInt

E = TypeVar("E", bound=StrEnum)


class Conflict(ApiError):
    code = "CONFLICT"


@strawberry.input(description="Optional concurrency and idempotency controls of a mutation.")
class CommandInput:
    expected_version: int | None = strawberry.field(
        default=None,
        description="Refuse (CONFLICT, with extensions.currentVersion) unless the entity is "
        "still at this version when the hub decides.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key again returns the first result (duplicate: true) "
        "and appends nothing. Keys are private to the calling client and subject.",
    )


@strawberry.interface(description="Where a mutation's events went, and whether reads see them.")
class CommandPayload:
    id: strawberry.ID = strawberry.field(description="The id of the entity the mutation wrote.")
    version: int = strawberry.field(description="The entity's version after the mutation.")
    position: BigInt = strawberry.field(description="Log position of the last event written.")
    duplicate: bool = strawberry.field(description="True when an idempotency key was replayed.")
    unchanged: bool = strawberry.field(
        description="True when the entity was already as asked (the same due date, say): "
        "nothing was written, `position` is the entity's last event, and no idempotency key "
        "was kept (sending the request again decides afresh)."
    )
    read_models_caught_up: bool = strawberry.field(
        description="True when the read models had applied `position` before the payload was "
        "built: queries see the write. False after the read-your-writes timeout: the write "
        "is stored, entity fields of the payload are null, queries will see it shortly."
    )


@strawberry.input(description="An amount of money: decimal string amount and ISO 4217 currency.")
class MoneyInput:
    amount: Decimal
    currency: str = "EUR"

    def to_money(self, field: str = "amount") -> Money:
        check_amount_size(self.amount, field)
        try:
            return Money(self.amount, self.currency)
        except InvalidMoney as error:
            raise InvalidInput(f"{field}: {error}", field=field) from None


MAX_AMOUNT_INTEGER_DIGITS = 15
MAX_AMOUNT_FRACTION_DIGITS = 6


def check_amount_size(amount: Decimal, field: str) -> None:
    """Refuse amounts no budget holds (``1e999999999``, 400 decimals): they would be stored
    in the log for ever and make every sum over them slow or absurd."""
    if not amount.is_finite():
        return  # Money refuses it with its own message
    _sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    fraction = max(0, -exponent)
    integer = max(0, len(digits) + exponent)
    if integer > MAX_AMOUNT_INTEGER_DIGITS or fraction > MAX_AMOUNT_FRACTION_DIGITS:
        raise InvalidInput(
            f"{field}: at most {MAX_AMOUNT_INTEGER_DIGITS} digits before the decimal point and "
            f"{MAX_AMOUNT_FRACTION_DIGITS} after",
            field=field,
        )


@strawberry.input(description="From `start` to `end`, both days included.")
class PeriodInput:
    start: date
    end: date | None = None

    def to_period(self) -> Period:
        return Period(self.start, self.end)


def parse_id(value: Any, field: str = "id") -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{field}: {value!r} is not an id", field=field) from None


def choice(kind: type[E], value: str, field: str) -> E:
    """The enumeration member named ``value``, or INVALID_INPUT listing the allowed ones."""
    try:
        return kind(value)
    except ValueError:
        allowed = sorted(member.value for member in kind)
        raise InvalidInput(
            f"{field}: {value!r} is not one of {', '.join(allowed)}", field=field, allowed=allowed
        ) from None


def allowed(kind: type[StrEnum]) -> str:
    """For descriptions: the values an enumerated string accepts."""
    return "One of: " + ", ".join(member.value for member in kind) + "."


@strawberry.input(description="A count under a key (a gender or a participant category).")
class CountInput:
    key: str
    count: int


@strawberry.input(description="Participant counts, never names: by gender and by category.")
class ParticipantCountsInput:
    by_gender: list[CountInput] = strawberry.field(
        default_factory=list, description="Keys: women, men, non_binary, undisclosed."
    )
    by_category: list[CountInput] = strawberry.field(
        default_factory=list, description="Free keys: artists, programmers, audience, staff…"
    )

    def to_domain(self) -> ParticipantCounts:
        return ParticipantCounts(
            {item.key: item.count for item in self.by_gender},
            {item.key: item.count for item in self.by_category},
        )
