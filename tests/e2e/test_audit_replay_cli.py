"""`hub audit replay`: the read models as of the past, beside live ones that do not move."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from hub.database import Database, open_database
from hub.lifecycle import projection_runner
from hub.settings import Settings
from tests.conftest import drop_database
from tests.e2e.hub_process import hub_env, run_hub
from tests.integration.log_copies import copy_of_log

LIVE_TABLES = ("organisations", "projects", "partnerships", "expenditure_lines", "event_feed")


@pytest.fixture(scope="module")
async def live_url(
    admin_url: str, demo_database: Database, settings: Settings
) -> AsyncIterator[str]:
    """A copy of the demo log with its live read models caught up."""
    url = await copy_of_log(admin_url, demo_database)
    database = await open_database(settings, dsn=url)
    try:
        runner = projection_runner(database, settings)
        await runner.start()
        await runner.run_until_caught_up()
        await runner.stop()
    finally:
        await database.close()
    yield url
    await drop_database(admin_url, url)


async def fingerprint(connection: asyncpg.Connection, schema: str) -> dict[str, str]:
    """A digest of every row of the chosen tables of ``schema``."""
    digests = {}
    for table in LIVE_TABLES:
        digests[table] = await connection.fetchval(
            f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            f" FROM {schema}.{table} t"
        )
    return digests


async def count(connection: asyncpg.Connection, relation: str) -> int:
    return int(await connection.fetchval(f"SELECT count(*) FROM {relation}"))


async def test_a_replay_shows_the_past_and_leaves_the_live_read_models_alone(live_url: str):
    connection = await asyncpg.connect(live_url)
    try:
        past = await connection.fetchval(
            "SELECT max(position) - 1 FROM events WHERE event_type = 'Organisation.Registered'"
        )
        organisations_then = await connection.fetchval(
            "SELECT count(*) FROM events WHERE event_type = 'Organisation.Registered'"
            " AND position <= $1",
            past,
        )
        live_before = await fingerprint(connection, "read")
        checkpoints_before = await connection.fetch("SELECT * FROM projection_checkpoints")
        env = hub_env(live_url)
        result = run_hub("audit", "replay", "--until", str(past), "--schema", "as_then", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"replayed the log up to position {past}, recorded ")
        assert "SELECT * FROM as_then." in result.stdout
        assert "hub audit replay --drop as_then" in result.stdout
        assert await count(connection, "as_then.organisations") == organisations_then
        assert organisations_then < await count(connection, "read.organisations")
        assert await count(connection, "as_then.event_feed") == past
        assert await count(connection, "as_then.expenditure_lines") <= await count(
            connection, "read.expenditure_lines"
        )
        assert await fingerprint(connection, "read") == live_before
        assert await connection.fetch("SELECT * FROM projection_checkpoints") == checkpoints_before
        dropped = run_hub("audit", "replay", "--drop", "as_then", env=env)
        assert dropped.returncode == 0 and dropped.stdout.strip() == "dropped replay as_then"
        assert not await connection.fetchval(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'as\\_then%'"
        )
    finally:
        await connection.close()


async def test_a_replay_at_the_head_by_time_equals_the_live_read_models(live_url: str):
    connection = await asyncpg.connect(live_url)
    try:
        head, moment = await connection.fetchrow(
            "SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        )
        env = hub_env(live_url)
        result = run_hub("audit", "replay", "--until", moment.isoformat(), env=env)
        assert result.returncode == 0, result.stderr
        name = f"replay_p{head}"
        assert f"into schema {name}" in result.stdout
        assert await fingerprint(connection, name) == await fingerprint(connection, "read")
        assert run_hub("audit", "replay", "--drop", name, env=env).returncode == 0
    finally:
        await connection.close()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--until", "99999999"], "is not in the log"),
        (["--until", "yesterday"], "position or an ISO 8601 time"),
        (["--until", "3", "--schema", "read"], "replay name 'read'"),
        (["--drop", "read"], "replay name 'read'"),
        (["--drop", "public_notes"], "is not a replay"),
    ],
    ids=["beyond-head", "not-a-time", "reserved-name", "drop-live", "drop-other-schema"],
)
def test_replay_refuses_what_it_cannot_do(live_url: str, arguments, message):
    result = run_hub("audit", "replay", *arguments, env=hub_env(live_url))
    assert result.returncode == 2
    assert message in result.stderr.strip().splitlines()[-1]  # argparse adds its usage above
