"""Participants counted by gender and by category (never named), shared by activities and
scheme participations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry


@strawberry.type(description="How many participants fall under one key (a gender, a category).")
class ParticipantCount:
    key: str
    count: int


@strawberry.type(description="Participants counted by gender and by category, never named.")
class Participants:
    total: int
    by_gender: list[ParticipantCount]
    by_category: list[ParticipantCount]

    @classmethod
    def from_rows(cls, total: int, rows: Sequence[Any]) -> Participants:
        def of(dimension: str) -> list[ParticipantCount]:
            return [
                ParticipantCount(key=r["key"], count=r["count"])
                for r in rows
                if r["dimension"] == dimension
            ]

        return cls(total=total, by_gender=of("gender"), by_category=of("category"))
