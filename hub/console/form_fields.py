"""Form fields of the console: what each expects, and the checks made before any command
runs (a field left empty, a date, a time or an amount that does not parse), each error kept next
to its field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Kind = Literal["text", "date", "time", "decimal", "integer", "select", "checkbox", "textarea"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind = "text"
    required: bool = True
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (value, label)
    hint: str = ""


@dataclass
class Submission:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def clean(fields: Sequence[Field], form: Mapping[str, Any]) -> Submission:
    submission = Submission()
    for spec in fields:
        raw = str(form.get(spec.name, "")).strip()
        submission.values[spec.name] = raw
        if spec.kind == "checkbox":
            submission.values[spec.name] = raw == "on"
            continue
        if not raw:
            if spec.required:
                submission.errors[spec.name] = "error_required"
            continue
        error = _check(spec, raw)
        if error:
            submission.errors[spec.name] = error
    return submission


def _check(spec: Field, raw: str) -> str | None:
    if spec.kind == "date":
        try:
            date.fromisoformat(raw)
        except ValueError:
            return "error_date"
    elif spec.kind == "time":
        try:
            if time.fromisoformat(raw).tzinfo is not None:
                return "error_time"
        except ValueError:
            return "error_time"
    elif spec.kind == "decimal":
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            return "error_amount"
        if not number.is_finite() or number < 0:
            return "error_amount"
    elif spec.kind == "integer":
        if not raw.isdigit():
            return "error_integer"
    elif spec.kind == "select" and raw not in {value for value, _ in spec.choices}:
        return "error_choice"
    return None


def decimal_text(raw: str) -> str:
    """Amounts as decimal strings for the API (a comma is read as the decimal mark)."""
    return str(Decimal(raw.replace(",", ".")))
