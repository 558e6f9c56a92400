"""Custom scalars: BigInt for log positions (GraphQL's Int stops at 2^31 - 1), and Decimal
taken from strings only: a JSON number is a binary float on its way (0.1 + 0.2 arrives as
0.30000000000000004), so an amount sent as one is refused, not rounded."""

from __future__ import annotations

from decimal import Decimal, DecimalException
from typing import NewType

import strawberry
from strawberry.schema.types.base_scalars import wrap_parser
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)


def _parse_big_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("BigInt must be an integer or a string of digits")
    number = int(value)
    if not -(2**63) <= number < 2**63:
        raise ValueError("BigInt is outside 64 bits")
    return number


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="A 64-bit integer (log positions).",
        serialize=int,
        parse_value=_parse_big_int,
    ),
    Decimal: ScalarDefinition(
        name="Decimal",
        description='A decimal number written as a string ("412.80"): amounts, rates, '
        "quantities. A JSON or GraphQL number is refused.",
        specified_by_url=None,
        serialize=str,
        parse_value=wrap_parser(
            Decimal, "Decimal", exceptions=(DecimalException,), include_error=False
        ),
        parse_literal=None,
        origin=Decimal,
    ),
}
