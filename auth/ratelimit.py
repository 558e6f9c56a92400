"""Token buckets, per client and per address, in front of the token endpoint.

In memory, per process: with N replicas the effective limit is N times the setting. Good
enough to blunt credential stuffing and runaway partner scripts; a shared limiter (in
PostgreSQL or at the proxy) is the next step if that matters.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

_MAX_KEYS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``limit`` requests per ``period`` seconds per key, with bursts up to ``limit``."""

    def __init__(self, limit: int, period: float = 60.0) -> None:
        self.limit = limit
        self.rate = limit / period
        self._buckets: dict[str, _Bucket] = {}

    def hit(self, key: str, now: float | None = None) -> int | None:
        """Count one request; None if allowed, else the seconds to wait (Retry-After)."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.limit), now)
        bucket.tokens = min(self.limit, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return max(1, math.ceil((1 - bucket.tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < _MAX_KEYS:
            return
        full = self.limit / self.rate
        self._buckets = {
            key: bucket for key, bucket in self._buckets.items() if now - bucket.updated < full
        }
