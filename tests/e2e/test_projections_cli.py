"""`hub projections status|rebuild` as an operator runs them."""

from __future__ import annotations

from hub.database import Database
from hub.lifecycle import projection_runner
from tests.e2e.hub_process import hub_env, run_hub
from tests.integration.command_fixtures import running_project


async def caught_up(database: Database, settings) -> None:
    runner = projection_runner(database, settings)
    await runner.start()
    await runner.run_until_caught_up()
    await runner.stop()


async def test_status_lists_every_projection_with_its_position_and_lag(
    fresh_database, fresh_database_url, settings
):
    await running_project(fresh_database)
    before = run_hub("projections", "status", env=hub_env(fresh_database_url))
    assert before.returncode == 0, before.stderr
    assert "organisations" in before.stdout and "not built yet" in before.stdout
    await caught_up(fresh_database, settings)
    after = run_hub("projections", "status", env=hub_env(fresh_database_url))
    line = next(x for x in after.stdout.splitlines() if x.startswith("organisations "))
    position = await fresh_database.pool.fetchval("SELECT max(position) FROM events")
    assert line.split()[2:5] == [str(position), "0", "0.0"]
    assert line.endswith("running")


async def test_rebuild_switches_to_a_fresh_generation_with_the_same_rows(
    fresh_database, fresh_database_url, settings
):
    await running_project(fresh_database)
    await caught_up(fresh_database, settings)
    rows = await fresh_database.pool.fetch("SELECT * FROM read.organisations")
    result = run_hub(
        "projections", "rebuild", "organisations", env=hub_env(fresh_database_url), timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rebuilt organisations" in result.stdout
    assert await fresh_database.pool.fetch("SELECT * FROM read.organisations") == rows
    schemas = await fresh_database.pool.fetchval(
        "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'read_organisations_g%'"
    )
    assert schemas == 1
