"""Opening the database (embedded or not), migrating it, and closing it cleanly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from hub.database import Database, open_database, resolve_dsn
from hub.migrator import Migration, migrate
from hub.settings import Settings
from projections import ProjectionRunner
from projections.catalogue import ALL_PROJECTIONS


async def apply_migrations(settings: Settings, dsn: str) -> list[Migration]:
    """Migrate with a direct connection as the login role (the service role cannot run DDL)."""
    connection = await asyncpg.connect(dsn)
    try:
        return await migrate(connection, settings.migrations_dir)
    finally:
        await connection.close()


@asynccontextmanager
async def opened(settings: Settings, *, migrated: bool = False) -> AsyncIterator[Database]:
    dsn, embedded = await resolve_dsn(settings)
    try:
        if migrated:
            await apply_migrations(settings, dsn)
        database = await open_database(settings, dsn=dsn)
    except BaseException:
        if embedded is not None:
            await embedded.stop()
        raise
    database.embedded = embedded
    try:
        yield database
    finally:
        await database.close()


def projection_runner(database: Database, settings: Settings) -> ProjectionRunner:
    """A runner of every read model, on this process's pool (standby where another leads)."""
    return ProjectionRunner(
        database.dsn,
        database.pool,
        ALL_PROJECTIONS,
        poll_interval=settings.projection_poll_seconds,
        role=settings.db_service_role or None,
    )
