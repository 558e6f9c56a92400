"""Participant counts: by gender and by category, never names (participants / asistentes)."""

from dataclasses import dataclass, field

from domain.errors import NegativeCount, UnknownGender

GENDERS = frozenset({"women", "men", "non_binary", "undisclosed"})


@dataclass(frozen=True)
class ParticipantCounts:
    """``by_gender`` uses the keys in GENDERS; ``by_category`` is free (artists,
    programmers, audience, staff, students…)."""

    by_gender: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.by_gender) - GENDERS
        if unknown:
            raise UnknownGender(f"unknown keys {sorted(unknown)}; use {sorted(GENDERS)}")
        for count in (*self.by_gender.values(), *self.by_category.values()):
            if count < 0:
                raise NegativeCount(f"count {count} is negative")

    @property
    def total(self) -> int:
        return sum(self.by_gender.values())
