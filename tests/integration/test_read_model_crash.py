"""The read models survive a projector killed at random points: after the last restart,
every read-model table is exactly what a fresh rebuild from the log produces."""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys

import asyncpg

from hub.database import Database
from hub.demo import load_demo
from hub.handlers import bootstrap
from hub.settings import PROJECT_ROOT
from projections.catalogue import ALL_PROJECTIONS
from tests.integration.projection_fixtures import running
from tests.integration.read_model_fixtures import allow_generation_schemas

KILLS = 6

_READ_VIEWS = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'read' AND c.relkind = 'v' ORDER BY c.relname
"""


async def read_model_digests(pool: asyncpg.Pool) -> dict[str, str]:
    """An md5 of every read-model view, rows in a stable order."""
    digests = {}
    for (view,) in await pool.fetch(_READ_VIEWS):
        digests[view] = await pool.fetchval(
            "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
            f' FROM "read"."{view}" t'
        )
    return digests


async def _checkpoints(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch("SELECT name, position FROM projection_checkpoints WHERE active")
    return dict(rows)


async def _projector(dsn: str, batch_size: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.integration.read_model_projector", dsn, str(batch_size),
        stdout=asyncio.subprocess.PIPE, cwd=PROJECT_ROOT,
    )  # fmt: skip


async def test_read_models_after_random_kills_equal_a_fresh_rebuild(fresh_database: Database):
    db = fresh_database
    await allow_generation_schemas(db.dsn)
    summary = await load_demo(bootstrap(db.pool))
    head = await db.pool.fetchval("SELECT max(position) FROM events")
    assert summary.events_appended == head >= 3000
    interrupted = 0
    for _ in range(KILLS):
        before = await _checkpoints(db.pool)
        process = await _projector(db.dsn, batch_size=16)
        assert process.stdout is not None
        assert await process.stdout.readline() == b"started\n"
        await asyncio.sleep(random.uniform(0.05, 0.6))
        with contextlib.suppress(ProcessLookupError):  # it may have caught up and exited
            process.kill()
        await process.wait()
        after = await _checkpoints(db.pool)
        interrupted += any(before.get(n, 0) < p < head for n, p in after.items())
    assert interrupted >= 1
    process = await _projector(db.dsn, batch_size=200)
    assert await asyncio.wait_for(process.wait(), 30) == 0
    assert set((await _checkpoints(db.pool)).values()) == {head}
    survived = await read_model_digests(db.pool)
    assert len(survived) >= 30
    async with running(db.dsn, db.pool, ALL_PROJECTIONS) as runner:
        await asyncio.gather(*(runner.rebuild(p.name) for p in ALL_PROJECTIONS))
    generations = await db.pool.fetch("SELECT DISTINCT generation FROM projection_checkpoints")
    assert [row[0] for row in generations] == [2]
    assert await read_model_digests(db.pool) == survived
