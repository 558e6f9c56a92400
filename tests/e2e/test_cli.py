"""The `hub` command line as a user runs it."""

from __future__ import annotations

import json

import httpx
import pytest

from hub import __version__
from tests.conftest import create_database, drop_database
from tests.e2e.hub_process import hub_env, run_hub, serving


@pytest.fixture
async def empty_url(admin_url: str):
    url = await create_database(admin_url, migrated=False)
    yield url
    await drop_database(admin_url, url)


def test_hub_version_prints_the_version():
    result = run_hub("--version", env=hub_env(None))
    assert result.returncode == 0
    assert result.stdout.strip() == f"hub {__version__}"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HUB_DB_POOL_MAX_SIZE", "many", "HUB_DB_POOL_MAX_SIZE"),
        ("HUB_DATABASE_URL", "mysql://localhost/x", "postgresql://"),
        ("HUB_ENVIRONMENT", "staging", "HUB_ENVIRONMENT"),
    ],
    ids=["not-a-number", "not-postgres", "unknown-environment"],
)
def test_a_bad_setting_prints_one_clear_line_and_exits_non_zero(variable, value, message):
    result = run_hub("migrate", env=hub_env(None, **{variable: value}))
    assert result.returncode == 1
    assert result.stderr.startswith("hub: error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreachable_database_is_one_clear_line(empty_url: str):
    result = run_hub("events", "tail", env=hub_env("postgresql://postgres@127.0.0.1:1/x"))
    assert result.returncode == 1
    assert "cannot connect to PostgreSQL" in result.stderr


def test_migrate_then_tail_and_verify_an_empty_log(empty_url: str):
    env = hub_env(empty_url)
    first = run_hub("migrate", env=env)
    assert first.returncode == 0, first.stderr
    assert "applied 0001_event_log" in first.stdout
    assert run_hub("migrate", env=env).stdout.strip() == "nothing to apply"
    assert run_hub("events", "tail", env=env).stdout == ""
    verify = run_hub("audit", "verify", env=env)
    assert verify.returncode == 0 and verify.stdout.startswith("ok: 0 events")


async def test_events_tail_prints_json_lines_and_verify_catches_tampering(
    empty_url: str, settings
):
    import asyncpg

    from hub.database import open_database
    from hub.eventstore import EventStore, NewEvent

    env = hub_env(empty_url)
    assert run_hub("migrate", env=env).returncode == 0
    database = await open_database(settings, dsn=empty_url)
    try:
        store = EventStore(database.pool, {"Project"})
        for n in range(3):
            await store.append(f"s{n}", "Project", 0, [NewEvent("Project.Noted", {"n": n})])
    finally:
        await database.close()
    lines = run_hub("events", "tail", "--after", "1", env=env).stdout.splitlines()
    assert [json.loads(line)["payload"]["n"] for line in lines] == [1, 2]
    assert run_hub("audit", "verify", env=env).returncode == 0
    connection = await asyncpg.connect(empty_url)
    try:
        await connection.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await connection.execute("UPDATE events SET payload = '{\"n\": 9}' WHERE position = 2")
    finally:
        await connection.close()
    verify = run_hub("audit", "verify", env=env)
    assert verify.returncode == 1
    assert "BROKEN at position 2" in verify.stdout


def test_serve_migrates_at_start_and_answers_health_and_readiness(empty_url: str):
    with serving(hub_env(empty_url)) as base:
        assert httpx.get(base + "/healthz").json() == {"status": "ok"}
        ready = httpx.get(base + "/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "projections": "ok"}


def test_serve_without_migrations_reports_unready(empty_url: str):
    with serving(hub_env(empty_url), "--no-migrate") as base:
        ready = httpx.get(base + "/readyz")
        assert ready.status_code == 503
        assert "pending" in ready.json()["checks"]["migrations"]
