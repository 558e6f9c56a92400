"""Watching a hub from outside while a fault plays out: its /readyz answers over time."""

from __future__ import annotations

import asyncio
import time

import httpx


async def watch_readiness(base: str, stop: asyncio.Event, every: float = 0.1):
    """(monotonic time, status code or 0 when nothing answered) until ``stop`` is set."""
    seen: list[tuple[float, int]] = []
    async with httpx.AsyncClient(timeout=5) as http:
        while not stop.is_set():
            try:
                status = (await http.get(base + "/readyz")).status_code
            except httpx.TransportError:
                status = 0
            seen.append((time.monotonic(), status))
            await asyncio.sleep(every)
    return seen


def first_after(times: list[float], moment: float) -> float | None:
    later = [t for t in times if t >= moment]
    return min(later) if later else None


def ready_again(seen: list[tuple[float, int]], moment: float) -> float | None:
    """When /readyz first answered 200 at or after ``moment``."""
    return first_after([t for t, status in seen if status == 200], moment)
