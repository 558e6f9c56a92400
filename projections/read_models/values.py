"""Reading the plain-JSON payloads of the log into column values.

Money is ``{"amount": "12.50", "currency": "EUR"}``; dates are ISO strings; ids are UUID
strings (asyncpg takes them as they are for ``uuid`` columns, and decimal strings for
``numeric`` ones). Personal data is an envelope ``{"$personal": subject, ...}``: read
models keep only the subject and whether it is erased, never the content.
"""

from __future__ import annotations

from datetime import date
from typing import Any

PERSONAL = "$personal"


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def amount(money: dict[str, Any] | None) -> str | None:
    return None if money is None else money["amount"]


def currency(money: dict[str, Any] | None) -> str | None:
    return None if money is None else money["currency"]


def subject(envelope: dict[str, Any]) -> str:
    return envelope[PERSONAL]


def erased(envelope: dict[str, Any]) -> bool:
    """True for an envelope written after the person was forgotten (no ciphertext)."""
    return bool(envelope.get("erased")) or "ct" not in envelope


def counts(participants: dict[str, Any] | None) -> list[tuple[str, str, int]]:
    """Participant counts as rows (dimension, key, count): gender and category."""
    if not participants:
        return []
    return [
        *(("gender", k, v) for k, v in sorted(participants.get("by_gender", {}).items())),
        *(("category", k, v) for k, v in sorted(participants.get("by_category", {}).items())),
    ]


def total(participants: dict[str, Any] | None) -> int:
    """Participants counted by gender (every participant has one, 'undisclosed' included)."""
    return sum((participants or {}).get("by_gender", {}).values())
