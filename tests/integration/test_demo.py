"""`hub demo`'s data, loaded through the command bus on a fresh database.

The demo takes seconds to load, so the module loads it once on a database of its own
(created like the ``fresh_database`` fixture: migrated and empty) and every test reads it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import pytest

from domain.deliverables import Deliverable, DeliverableStatus
from domain.schemes import SchemeKind
from hub.chain import verify_chain
from hub.database import Database, open_database
from hub.demo import DEMO_AS_OF, DemoSummary, load_demo
from hub.demo.projects import PROJECTS
from hub.demo.schemes import SCHEME_NAMES
from hub.handlers import CommandBus, bootstrap
from hub.settings import Settings
from tests.conftest import create_database, drop_database

Loaded = tuple[Database, CommandBus, DemoSummary]


@pytest.fixture(scope="module")
async def loaded(settings: Settings, admin_url: str) -> AsyncIterator[Loaded]:
    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        bus = bootstrap(database.pool)
        yield database, bus, await load_demo(bus)
    finally:
        await database.close()
        await drop_database(admin_url, url)


async def test_the_demo_appends_several_thousand_events_in_under_thirty_seconds(
    loaded: Loaded,
) -> None:
    database, _, summary = loaded
    stored = await database.pool.fetchval("SELECT count(*) FROM events")
    assert summary.events_appended >= 3_000
    assert summary.events_appended == stored
    assert summary.seconds < 30


async def test_the_demo_holds_the_seven_projects_and_the_five_schemes(loaded: Loaded) -> None:
    database, _, _ = loaded
    acronyms = await database.pool.fetch(
        "SELECT payload->>'acronym' AS name FROM events WHERE event_type = 'Project.Registered'"
    )
    kinds = await database.pool.fetch(
        "SELECT payload->>'kind' AS kind FROM events WHERE event_type = 'Scheme.Launched'"
    )
    assert {row["name"] for row in acronyms} == {
        "Pyrenart", "Travesía", "Be SpectACTive! 2", "Stronger Peripheries",
        "Scènes en réseaux", "Trajectoires créatives", "CoopAnimArt",
    }  # fmt: skip
    assert {row["name"] for row in acronyms} == {spec.acronym for spec in PROJECTS}
    assert {SCHEME_NAMES[SchemeKind(row["kind"])] for row in kinds} == {
        "Faire-Part", "pARTager", "cARTographie", "Objectif 13", "Jeudigraphies",
    }  # fmt: skip


async def test_the_demo_has_deliverables_in_every_state_including_late(loaded: Loaded) -> None:
    database, bus, _ = loaded
    rows = await database.pool.fetch(
        "SELECT stream_id FROM events WHERE event_type = 'Deliverable.Planned'"
    )
    deliverables = [await bus.repository.get(Deliverable, UUID(r["stream_id"])) for r in rows]
    states = {d.status for d in deliverables}
    assert states == set(DeliverableStatus)
    late = [d for d in deliverables if d.is_late(DEMO_AS_OF)]
    assert {d.status for d in late} >= {DeliverableStatus.PENDING, DeliverableStatus.DRAFT}
    assert any(d.due_date_history for d in deliverables)


async def test_the_demo_log_verifies_as_one_unbroken_hash_chain(loaded: Loaded) -> None:
    database, _, summary = loaded
    async with database.pool.acquire() as connection:
        report = await verify_chain(connection)
    assert report.ok, report.problem
    assert report.checked == summary.events_appended


async def test_loading_the_demo_a_second_time_appends_nothing(loaded: Loaded) -> None:
    database, bus, first = loaded
    before = await database.pool.fetchval("SELECT max(position) FROM events")
    again = await load_demo(bus)
    assert again.events_appended == 0
    assert again.duplicates == first.commands
    assert await database.pool.fetchval("SELECT max(position) FROM events") == before
