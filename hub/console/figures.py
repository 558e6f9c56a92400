"""Small sums and formats the pages share (amounts arrive as decimal strings)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any


def amount(money: dict[str, Any] | None) -> Decimal:
    return Decimal(str(money["amount"])) if money else Decimal(0)


def total(rows: Iterable[dict[str, Any]], key: str) -> Decimal:
    return sum((amount(row[key]) for row in rows), Decimal(0))


def share(part: Decimal, whole: Decimal) -> int | None:
    """A whole percentage, or None when there is nothing to divide by."""
    return None if whole == 0 else int((part * 100 / whole).to_integral_value())


def money_text(value: Decimal | str, lang: str) -> str:
    """12 345,67 in French and Spanish, 12,345.67 in English (no float on the way)."""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{number:,.2f}"
    if lang in ("fr", "es"):
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def deliverable_health(nodes: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "total": len(nodes),
        "accepted": sum(1 for node in nodes if node["state"] == "accepted"),
        "late": sum(1 for node in nodes if node["late"]),
    }
