"""Custom scalars: BigInt for log positions (GraphQL's Int stops at 2^31 - 1)."""

from __future__ import annotations

from typing import NewType

import strawberry
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
}
