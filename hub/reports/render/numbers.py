"""Numbers as a reader of each language writes them, for the PDF: 1,234.50 (en),
1 234,50 (fr), 1.234,50 (es); percentages as 65.00 % (the model holds 0.65)."""

from __future__ import annotations

from decimal import Decimal

from hub.reports.model import Cell, Kind
from hub.reports.render.cells import cents, plain

_NBSP = "\u00a0"


def grouped(value: Decimal | int, places: int, lang: str) -> str:
    text = f"{Decimal(value):,.{places}f}"
    if lang == "fr":
        return text.replace(",", _NBSP).replace(".", ",")
    if lang == "es":
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def shown(value: Cell, kind: Kind, lang: str) -> str:
    """A cell as the PDF prints it."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return plain(value)
    if kind is Kind.MONEY:
        return grouped(cents(value), 2, lang)
    if kind is Kind.PERCENT:
        return grouped(Decimal(value) * 100, 2, lang) + ("%" if lang == "en" else _NBSP + "%")
    if kind is Kind.DECIMAL:
        return grouped(Decimal(value), 2, lang)
    if kind is Kind.INTEGER:
        return grouped(value, 0, lang)
    if isinstance(value, Decimal):  # a number in a text cell (a fact): as precise as given
        return grouped(value, max(0, -int(value.as_tuple().exponent)), lang)
    return str(value)  # an identifier (a log position): no grouping
