"""When to try a failed delivery again: exponential backoff with full jitter (a uniform
draw between 0 and a ceiling that doubles per attempt, capped), so receivers coming back
after an outage are not hit by every sender at once."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    max_seconds: float
    disable_after_seconds: float

    def ceiling(self, attempts: int) -> float:
        """The longest wait after the ``attempts``-th failed attempt (1, 2, …)."""
        exponent = min(max(attempts - 1, 0), 62)
        return min(self.max_seconds, self.base_seconds * 2.0**exponent)

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        return (rng or random).uniform(0, self.ceiling(attempts))
