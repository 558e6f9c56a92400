"""The response cache reads the log's state once per round, never with a stale reading.

The reading itself is replaced by a coroutine the test releases by hand, so the order of
requests and readings is exact (tests/e2e/test_graphql_response_cache.py covers the real
query against PostgreSQL).
"""

from __future__ import annotations

import asyncio

import pytest

from hub.api.response_cache import ResponseCache, State


class GatedReadings(ResponseCache):
    """Each reading returns the state as it is when the reading *starts*, then waits for
    the test to release it."""

    def __init__(self) -> None:
        super().__init__(["projects"])
        self.readings = 0
        self.state: State = (1, 0)
        self.started: list[State] = []
        self.release = asyncio.Event()

    async def _read_once(self, pool: object) -> State | None:
        self.readings += 1
        seen = self.state
        self.started.append(seen)
        await self.release.wait()
        self.release.clear()
        return seen


async def _until(condition: object) -> None:
    for _ in range(100):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


async def test_requests_arriving_during_a_reading_share_the_next_one() -> None:
    cache = GatedReadings()
    first = asyncio.ensure_future(cache.position(None))  # type: ignore[arg-type]
    await _until(lambda: cache.readings == 1)
    cache.state = (2, 0)  # a write is acknowledged while the first reading is under way
    later = [asyncio.ensure_future(cache.position(None)) for _ in range(20)]  # type: ignore[arg-type]
    await asyncio.sleep(0)
    cache.release.set()
    assert await first == (1, 0)
    await _until(lambda: cache.readings == 2)
    cache.release.set()
    # the twenty requests share one reading, and it began after they arrived
    assert await asyncio.gather(*later) == [(2, 0)] * 20
    assert cache.readings == 2
    assert cache.started == [(1, 0), (2, 0)]


async def test_a_failed_reading_fails_every_request_waiting_and_the_next_one_recovers() -> None:
    class Failing(GatedReadings):
        fail = True

        async def _read_once(self, pool: object) -> State | None:
            if self.fail:
                self.readings += 1
                raise ConnectionError("the database went away")
            return await super()._read_once(pool)

    cache = Failing()
    waiting = [asyncio.ensure_future(cache.position(None)) for _ in range(5)]  # type: ignore[arg-type]
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in results)
    cache.fail = False
    answer = asyncio.ensure_future(cache.position(None))  # type: ignore[arg-type]
    await _until(lambda: cache.started)
    cache.release.set()
    assert await answer == (1, 0)


async def test_a_request_that_goes_away_does_not_stop_the_others() -> None:
    cache = GatedReadings()
    leaving = asyncio.ensure_future(cache.position(None))  # type: ignore[arg-type]
    staying = asyncio.ensure_future(cache.position(None))  # type: ignore[arg-type]
    await _until(lambda: cache.readings == 1)
    leaving.cancel()
    cache.release.set()
    assert await staying == (1, 0)
    with pytest.raises(asyncio.CancelledError):
        await leaving
