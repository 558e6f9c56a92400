"""The base of every command, and the check that keeps floats out of them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.errors import DomainError


class InvalidCommand(DomainError):
    """A command is malformed before any rule is even looked at."""

    rule = "invalid_command"


class FloatInCommand(InvalidCommand):
    """Floats never enter the hub: amounts, rates and measures are Decimal or Money."""

    rule = "float_not_allowed"


def reject_floats(value: Any, path: str) -> None:
    """Raise FloatInCommand if a float sits anywhere inside ``value``."""
    if isinstance(value, float):
        raise FloatInCommand(f"{path} is a float ({value!r}); use a Decimal or Money")
    if isinstance(value, str | bytes | int | Decimal | date | UUID | type(None)):
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            reject_floats(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_floats(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            reject_floats(item, f"{path}[{index}]")


@dataclass(frozen=True)
class Command:
    """Base of all commands: refuses floats anywhere in its fields."""

    def __post_init__(self) -> None:
        reject_floats(self, type(self).__name__)
