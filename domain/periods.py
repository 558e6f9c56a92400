"""Periods of time: the project period, reporting periods, memberships."""

from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidPeriod


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included. ``end`` None means open-ended."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidPeriod(f"{self.end} is before {self.start}")

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def covers(self, other: "Period") -> bool:
        """True when ``other`` lies entirely inside this period."""
        if not self.contains(other.start):
            return False
        if other.end is None:
            return self.end is None
        return self.contains(other.end)

    def overlaps(self, other: "Period") -> bool:
        starts_before_other_ends = other.end is None or self.start <= other.end
        ends_after_other_starts = self.end is None or other.start <= self.end
        return starts_before_other_ends and ends_after_other_starts


@dataclass(frozen=True)
class ReportingPeriod:
    """A numbered reporting period (période de rapport / periodo de informe)."""

    number: int
    period: Period
