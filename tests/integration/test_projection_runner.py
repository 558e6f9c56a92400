"""The projection runner against a real PostgreSQL: batches, wake-ups, locks, failures,
rebuilds, status and read-your-writes."""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
import time

import asyncpg
import pytest

from hub.database import Database
from hub.settings import PROJECT_ROOT
from projections import ProjectionTimeout, projection_status, wait_for_position
from tests.integration.projection_fixtures import (
    append_events,
    counting_projection,
    counts,
    digest,
    expected_counts,
    running,
)


async def test_batches_apply_every_event_exactly_once_like_a_rebuild_from_scratch(
    fresh_database: Database,
):
    db = fresh_database
    await append_events(db.pool, 1000)
    async with running(db.dsn, db.pool, [counting_projection("counts")], batch_size=64) as runner:
        for _ in range(5):
            await append_events(db.pool, 150)
            await asyncio.sleep(0.02)
        await runner.run_until_caught_up()
        served = await digest(db.pool, "counts")
        assert await counts(db.pool, "counts") == await expected_counts(db.pool)
        await runner.rebuild("counts")
        assert await digest(db.pool, "counts") == served
    (status,) = await projection_status(db.pool)
    assert (status.position, status.lag_events, status.state) == (1750, 0, "running")


async def test_a_notification_wakes_the_runner_at_once(fresh_database: Database):
    db = fresh_database
    projection = counting_projection("counts")
    async with running(db.dsn, db.pool, [projection], poll_interval=30) as runner:
        await runner.run_until_caught_up()
        await asyncio.sleep(0.1)  # the worker is asleep until the next notification
        started = time.monotonic()
        position = await append_events(db.pool, 10)
        await wait_for_position(runner, ["counts"], position, timeout=5)
        assert time.monotonic() - started < 1


async def test_polling_catches_up_when_notifications_are_lost(
    fresh_database: Database, monkeypatch: pytest.MonkeyPatch
):
    db = fresh_database
    async with running(
        db.dsn, db.pool, [counting_projection("counts")], poll_interval=0.3
    ) as runner:
        monkeypatch.setattr(runner, "_on_events", lambda *_: None)
        await runner.run_until_caught_up()
        position = await append_events(db.pool, 10)
        await wait_for_position(db.pool, ["counts"], position, timeout=5)
    assert await counts(db.pool, "counts") == await expected_counts(db.pool)


async def _lock_holder(connection: asyncpg.Connection) -> list[int]:
    rows = await connection.fetch(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    return [row[0] for row in rows]


async def test_one_of_two_runners_applies_a_projection_and_the_other_takes_over_when_it_dies(
    fresh_database: Database,
):
    db = fresh_database
    projection = counting_projection("counts")
    async with (
        running(db.dsn, db.pool, [projection]) as first,
        running(db.dsn, db.pool, [projection]) as second,
    ):
        await append_events(db.pool, 500)
        await first.run_until_caught_up()
        assert len(first.active | second.active) == 1
        active, standby = (first, second) if first.active else (second, first)
        admin = await asyncpg.connect(db.dsn)
        try:
            (pid,) = await _lock_holder(admin)
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
            position = await append_events(db.pool, 500)
            await wait_for_position(standby, ["counts"], position, timeout=10)
            assert standby.active == {"counts"}
            assert len(await _lock_holder(admin)) == 1
        finally:
            await admin.close()
        assert not active.active
    assert await counts(db.pool, "counts") == await expected_counts(db.pool)


async def test_a_failing_handler_stops_only_its_projection_and_resumes_after_the_fix(
    fresh_database: Database,
):
    db = fresh_database
    poison = {"Poisoned"}
    fragile = counting_projection("fragile", per_event=True, poison=poison)
    sturdy = counting_projection("sturdy")
    async with running(db.dsn, db.pool, [fragile, sturdy], batch_size=100) as runner:
        await append_events(db.pool, 30)
        bad = await append_events(db.pool, 1, "Poisoned")
        head = await append_events(db.pool, 30)
        await wait_for_position(runner, ["sturdy"], head, timeout=5)
        with pytest.raises(ProjectionTimeout, match="fragile at 30 \\(failed\\)"):
            await wait_for_position(runner, ["fragile"], head, timeout=0.5)
        failed, ok = await runner.status()
        assert (failed.state, failed.position, failed.lag_events) == ("failed", bad - 1, 31)
        assert f"stopped at position {bad} (Poisoned): ValueError" in failed.error
        assert (ok.state, ok.position, ok.error) == ("running", head, None)
        poison.clear()
        await runner.restart("fragile")
        await runner.run_until_caught_up()
    assert await counts(db.pool, "fragile") == await expected_counts(db.pool)


async def test_a_projection_applied_in_the_database_stops_at_the_failing_event_too(
    fresh_database: Database,
):
    """An ``apply_range`` projection sees no events in Python: its failing batch is replayed
    position by position all the same, and the failure names the event."""
    db = fresh_database
    poison = {"Poisoned"}
    fragile = counting_projection("fragile", in_database=True, poison=poison)
    async with running(db.dsn, db.pool, [fragile], batch_size=100) as runner:
        await append_events(db.pool, 30)
        bad = await append_events(db.pool, 1, "Poisoned")
        head = await append_events(db.pool, 30)
        with pytest.raises(ProjectionTimeout, match="fragile at 30 \\(failed\\)"):
            await wait_for_position(runner, ["fragile"], head, timeout=2)
        (failed,) = await runner.status()
        assert (failed.state, failed.position) == ("failed", bad - 1)
        assert f"stopped at position {bad} (Poisoned): DivisionByZeroError" in failed.error
        before = await db.pool.fetch(
            "SELECT stream_type, count(*), sum(position) FROM events WHERE position < $1"
            " GROUP BY stream_type",
            bad,
        )
        assert await counts(db.pool, "fragile") == {r[0]: (r[1], int(r[2])) for r in before}
        poison.clear()
        await runner.restart("fragile")
        await runner.run_until_caught_up()
    assert await counts(db.pool, "fragile") == await expected_counts(db.pool)


async def test_a_rebuild_for_a_new_version_serves_the_old_tables_until_the_switch(
    fresh_database: Database,
):
    db = fresh_database
    async with running(db.dsn, db.pool, [counting_projection("counts")]) as runner:
        await append_events(db.pool, 300)
        await runner.run_until_caught_up()
    before = await digest(db.pool, "counts")
    gate, at_gate = asyncio.Event(), asyncio.Event()
    version_2 = counting_projection("counts", 2, gate=gate, at_gate=at_gate)
    async with running(db.dsn, db.pool, [version_2]) as runner:
        await asyncio.wait_for(at_gate.wait(), 5)
        assert (await runner.status())[0].state == "rebuilding"
        await append_events(db.pool, 30)
        assert await digest(db.pool, "counts") == before
        gate.set()
        await runner.run_until_caught_up()
        (status,) = await runner.status()
    assert (status.version, status.state, status.lag_events) == (2, "running", 0)
    last = await db.pool.fetchval('SELECT max(last_position) FROM "read".counts')
    assert last == 330
    assert await counts(db.pool, "counts") == await expected_counts(db.pool)
    schemas = await db.pool.fetch("SELECT nspname FROM pg_namespace WHERE nspname ~ '^read_'")
    assert [row[0] for row in schemas] == ["read_counts_g2"]


async def test_status_reports_the_lag_in_events_and_seconds(fresh_database: Database):
    db = fresh_database
    async with running(db.dsn, db.pool, [counting_projection("counts")]) as runner:
        await append_events(db.pool, 20)
        await runner.run_until_caught_up()
        (caught_up,) = await runner.status()
    await append_events(db.pool, 5)
    await asyncio.sleep(0.3)
    (behind,) = await projection_status(db.pool)
    assert (caught_up.lag_events, caught_up.lag_seconds) == (0, 0)
    assert (behind.name, behind.version, behind.position) == ("counts", 1, 20)
    assert behind.lag_events == 5
    assert behind.lag_seconds >= 0.3
    assert (behind.state, behind.error) == ("running", None)


async def test_wait_for_position_returns_once_reached_and_times_out_otherwise(
    fresh_database: Database,
):
    db = fresh_database
    async with running(db.dsn, db.pool, [counting_projection("counts")], poll_interval=30):
        position = await append_events(db.pool, 50)
        await wait_for_position(db.pool, ["counts"], position, timeout=5)
        started = time.monotonic()
        with pytest.raises(ProjectionTimeout) as raised:
            await wait_for_position(db.pool, ["counts"], position + 1, timeout=0.3)
        assert 0.3 <= time.monotonic() - started < 1
        assert raised.value.lagging == {"counts": f"at {position} (running)"}


async def _projector(dsn: str, delay: float) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.integration.projector_process",
        *(dsn, "crashed", "25", str(delay)),
        stdout=asyncio.subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )


async def _checkpoint(pool: asyncpg.Pool) -> int:
    query = "SELECT coalesce(max(position), 0) FROM projection_checkpoints WHERE name = 'crashed'"
    return await pool.fetchval(query)


async def test_a_projector_killed_at_random_points_neither_loses_nor_repeats_events(
    fresh_database: Database,
):
    db = fresh_database
    interrupted = 0
    for _ in range(9):
        head = await append_events(db.pool, 400)
        before = await _checkpoint(db.pool)
        process = await _projector(db.dsn, delay=0.004)
        assert process.stdout is not None
        assert await process.stdout.readline() == b"started\n"
        await asyncio.sleep(random.uniform(0.0, 0.3))
        with contextlib.suppress(ProcessLookupError):  # it may have caught up and exited
            process.kill()
        await process.wait()
        interrupted += before < await _checkpoint(db.pool) < head
    process = await _projector(db.dsn, delay=0)
    assert await asyncio.wait_for(process.wait(), 20) == 0
    assert interrupted >= 1
    assert await counts(db.pool, "crashed") == await expected_counts(db.pool)
    survived = await digest(db.pool, "crashed")
    async with running(db.dsn, db.pool, [counting_projection("crashed")]) as runner:
        await runner.rebuild("crashed")
    assert await digest(db.pool, "crashed") == survived
