"""Generations of a projection: creating their tables, publishing them, switching.

A generation's tables live in schema ``read_<name>_g<n>``. Schema ``read`` holds one view
per table of the active generation (``read.<table>``), which is all the read side sees.
A rebuild fills a new generation beside the active one; once it has caught up, one
transaction repoints the views and promotes its checkpoint row, then the old schema is
dropped. Readers never see a half-built table.
"""

from __future__ import annotations

import logging

import asyncpg

from projections import checkpoints
from projections.checkpoints import Checkpoint
from projections.projection import Projection, schema_pattern

log = logging.getLogger(__name__)

READ_SCHEMA = "read"
SWITCH_LOCK_TIMEOUT = "2s"

_RELATIONS = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname
"""

_VIEW_OWNER = """
SELECT obj_description(c.oid, 'pg_class') FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
"""

_GENERATION_SCHEMAS = "SELECT nspname FROM pg_namespace WHERE nspname ~ $1"


class ReadModelConflict(Exception):
    """Two projections publish a table under the same name in schema ``read``."""


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def create_tables(
    connection: asyncpg.Connection, projection: Projection, schema: str
) -> None:
    """Create the generation's schema and run the projection's DDL inside it."""
    async with connection.transaction():
        await connection.execute(f"CREATE SCHEMA {_quote(schema)}")
        await connection.execute("SELECT set_config('search_path', $1, true)", _quote(schema))
        await connection.execute(projection.tables)


async def schema_exists(connection: asyncpg.Connection, schema: str) -> bool:
    return bool(await connection.fetchval("SELECT to_regnamespace($1) IS NOT NULL", schema))


async def start_first_generation(connection: asyncpg.Connection, projection: Projection) -> None:
    """The projection's first tables, published at once (empty, at position 0)."""
    async with connection.transaction():
        row = await checkpoints.insert(connection, projection.name, projection.version, active=True)
        if row is None:
            return
        await create_tables(connection, projection, row.schema_name)
        await publish(connection, projection.name, row.schema_name, None)


async def publish(
    connection: asyncpg.Connection, name: str, schema: str, old_schema: str | None
) -> None:
    """Point the views of schema ``read`` at ``schema`` (in the caller's transaction)."""
    tables = [r[0] for r in await connection.fetch(_RELATIONS, schema)]
    gone = []
    if old_schema is not None:
        gone = [r[0] for r in await connection.fetch(_RELATIONS, old_schema) if r[0] not in tables]
    for table in [*gone, *tables]:
        await _drop_view(connection, name, table)
    for table in tables:
        view = f"{_quote(READ_SCHEMA)}.{_quote(table)}"
        await connection.execute(
            f"CREATE VIEW {view} AS SELECT * FROM {_quote(schema)}.{_quote(table)}"
        )
        await connection.execute(f"COMMENT ON VIEW {view} IS {_literal('projection ' + name)}")


async def _drop_view(connection: asyncpg.Connection, name: str, table: str) -> None:
    row = await connection.fetchrow(_VIEW_OWNER, READ_SCHEMA, table)
    if row is None:
        return
    if row[0] != f"projection {name}":
        raise ReadModelConflict(f"read.{table} of projection {name} is taken ({row[0]})")
    await connection.execute(f"DROP VIEW {_quote(READ_SCHEMA)}.{_quote(table)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


async def switch(connection: asyncpg.Connection, build: Checkpoint) -> bool:
    """Promote the caught-up ``build``; False if it is behind the active generation or a
    reader holds the old views too long (the caller tries again on its next pass)."""
    try:
        async with connection.transaction():
            await connection.execute(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'")
            active = await _lock_active(connection, build.name)
            current = await checkpoints.lock(connection, build.schema_name)
            if current is None or current.state == "failed":
                return False
            if active is not None and current.position < active.position:
                return False
            old = None if active is None else active.schema_name
            await publish(connection, build.name, build.schema_name, old)
            await checkpoints.activate(connection, current)
    except asyncpg.LockNotAvailableError:
        log.warning("projection %s: readers hold the old tables, switch postponed", build.name)
        return False
    log.info("projection %s: switched to %s", build.name, build.schema_name)
    await drop_stale_schemas(connection, build.name)
    return True


async def _lock_active(connection: asyncpg.Connection, name: str) -> Checkpoint | None:
    rows = await checkpoints.load(connection, name)
    active = next((row for row in rows if row.active), None)
    return None if active is None else await checkpoints.lock(connection, active.schema_name)


async def discard(connection: asyncpg.Connection, build: Checkpoint) -> None:
    """Abandon a build (its row and its tables)."""
    async with connection.transaction():
        await checkpoints.delete(connection, build)
        await connection.execute(f"DROP SCHEMA IF EXISTS {_quote(build.schema_name)} CASCADE")


async def drop_stale_schemas(connection: asyncpg.Connection, name: str) -> None:
    """Drop the schemas of generations no checkpoint row names (retired or abandoned)."""
    rows = await checkpoints.load(connection, name)
    live = {row.schema_name for row in rows}
    for (schema,) in await connection.fetch(_GENERATION_SCHEMAS, schema_pattern(name)):
        if schema not in live:
            await connection.execute(f"DROP SCHEMA {_quote(schema)} CASCADE")
