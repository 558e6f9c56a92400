"""Test databases: a fresh database per session on a real PostgreSQL server.

HUB_TEST_ADMIN_URL names a server to create the databases on (CI uses the one at
127.0.0.1:5432). Without it, the tests start an embedded PostgreSQL in .hub-data/test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from hub.database import Database, open_database
from hub.embedded import EmbeddedPostgres
from hub.migrator import migrate
from hub.settings import PROJECT_ROOT, Settings, load_settings

MIGRATIONS = PROJECT_ROOT / "migrations"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="session")
async def admin_url() -> AsyncIterator[str]:
    url = os.environ.get("HUB_TEST_ADMIN_URL")
    if url:
        yield url
        return
    embedded = EmbeddedPostgres(PROJECT_ROOT / ".hub-data" / "test")
    url = await embedded.start()
    yield url
    await embedded.stop()


_templates: dict[str, str] = {}


async def create_database(admin_url: str, migrated: bool = True) -> str:
    """A fresh database; migrated ones are copied from a template migrated once per session."""
    name = f"hub_test_{uuid.uuid4().hex[:12]}"
    template = await _migrated_template(admin_url) if migrated else "template1"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        if migrated:  # database-level grants are not copied from a template
            await admin.execute(f'GRANT CREATE ON DATABASE "{name}" TO hub_service')
    finally:
        await admin.close()
    return with_database(admin_url, name)


async def _migrated_template(admin_url: str) -> str:
    if admin_url not in _templates:
        name = f"hub_template_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(admin_url)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        connection = await asyncpg.connect(with_database(admin_url, name))
        try:
            await migrate(connection, MIGRATIONS)
        finally:
            await connection.close()
        _templates[admin_url] = name
    return _templates[admin_url]


@pytest.fixture(scope="session", autouse=True)
async def _drop_templates(admin_url: str) -> AsyncIterator[None]:
    yield
    for url, name in list(_templates.items()):
        await drop_database(url, with_database(url, name))
        del _templates[url]


async def drop_database(admin_url: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
async def database_url(admin_url: str) -> AsyncIterator[str]:
    url = await create_database(admin_url)
    yield url
    await drop_database(admin_url, url)


@pytest.fixture
async def fresh_database_url(admin_url: str) -> AsyncIterator[str]:
    """A migrated database of the test's own, for tests that need an empty log."""
    url = await create_database(admin_url)
    yield url
    await drop_database(admin_url, url)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(data_dir=Path(tmp_path_factory.mktemp("hub-data")))


@pytest.fixture(scope="session")
async def database(settings: Settings, database_url: str) -> AsyncIterator[Database]:
    db = await open_database(settings, dsn=database_url)
    yield db
    await db.close()


@pytest.fixture
async def fresh_database(
    settings: Settings, fresh_database_url: str
) -> AsyncIterator[Database]:
    db = await open_database(settings, dsn=fresh_database_url)
    yield db
    await db.close()


@asynccontextmanager
async def loaded_demo(
    settings: Settings, admin_url: str, *, caught_up: bool = True
) -> AsyncIterator[Database]:
    """A database of its own with the demo loaded through the command bus, and (unless told
    otherwise) the read models caught up; dropped afterwards."""
    from hub.demo import load_demo
    from hub.handlers import bootstrap
    from hub.lifecycle import projection_runner

    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        await load_demo(bootstrap(database.pool))
        if caught_up:
            runner = projection_runner(database, settings)
            await runner.start()
            await runner.run_until_caught_up()
            await runner.stop()
        yield database
    finally:
        await database.close()
        await drop_database(admin_url, url)


@pytest.fixture(scope="session")
async def demo_database(settings: Settings, admin_url: str) -> AsyncIterator[Database]:
    """The demo loaded once per session, read models caught up.

    Tests that use it only read: anything that writes takes a database of its own.
    """
    async with loaded_demo(settings, admin_url) as database:
        yield database
