"""Every read model rebuilt as of a past position, in schemas of its own, for auditors.

A replay named N applies the log up to a position with the projections' own handlers into
one schema per projection (``N__<projection>``), then publishes a view per table in schema
``N``, so ``SELECT * FROM N.projects`` reads the past as ``read.projects`` reads the present.
The live generations and their checkpoints are not touched. Schema ``N`` carries a comment
naming the position and the chain hash there, which is also how ``drop`` knows it is a replay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from hub.eventstore import RecordedEvent
from projections.projection import Projection
from projections.rebuild import create_tables

BATCH = 2_000
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_RESERVED = re.compile(r"^(read|public|information_schema|pg_.*|read_.*)$")
_MARK = "hub audit replay"

_EVENTS = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3
"""
_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname
"""
_COMMENT = "SELECT obj_description(to_regnamespace($1), 'pg_namespace')"
_TABLE_SCHEMAS = "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY 1"


class ReplayError(ValueError):
    """The replay cannot be made or dropped as asked."""


@dataclass(frozen=True)
class Replay:
    name: str
    position: int
    head_hash: bytes | None
    recorded_at: datetime | None
    tables: list[str]


def check_name(name: str) -> str:
    if not _NAME.match(name) or _RESERVED.match(name) or "__" in name:
        raise ReplayError(
            f"replay name {name!r}: use [a-z][a-z0-9_], at most 31 characters, no '__', "
            "not read, public or read_*"
        )
    return name


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def position_as_of(connection: asyncpg.Connection, moment: datetime) -> int:
    """The last position recorded at or before ``moment`` (0 if none)."""
    value = await connection.fetchval(
        "SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= $1", moment
    )
    return int(value)


async def replay(
    connection: asyncpg.Connection,
    name: str,
    position: int,
    projections: Sequence[Projection],
) -> Replay:
    """Build replay ``name`` of the log up to ``position``; on any failure nothing is left."""
    check_name(name)
    head = await connection.fetchrow(
        "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1"
    )
    last = 0 if head is None else head["position"]
    if not 0 <= position <= last:
        raise ReplayError(f"position {position} is not in the log (it ends at {last})")
    if await connection.fetchval("SELECT to_regnamespace($1) IS NOT NULL", name):
        raise ReplayError(f"schema {name} exists: drop it first or choose another name")
    try:
        for projection in projections:
            await create_tables(connection, projection, f"{name}__{projection.name}")
        await _apply_log(connection, name, position, projections)
        return await _publish(connection, name, position, projections)
    except BaseException:
        await _drop_schemas(connection, name)
        raise


async def _apply_log(
    connection: asyncpg.Connection, name: str, position: int, projections: Sequence[Projection]
) -> None:
    wanted = {p.name: None if p.wanted_types is None else set(p.wanted_types) for p in projections}
    after = 0
    while after < position:
        rows = await connection.fetch(_EVENTS, after, position, BATCH)
        events = [RecordedEvent(*row) for row in rows]
        last = events[-1].position
        async with connection.transaction():
            for projection in projections:
                types = wanted[projection.name]
                chosen = [e for e in events if types is None or e.event_type in types]
                if not chosen and projection.apply_range is None:
                    continue
                schema = _quote(f"{name}__{projection.name}")
                await connection.execute(
                    "SELECT set_config('search_path', $1, true)", f"{schema}, public"
                )
                await projection.apply(connection, chosen, after, last)
        after = last


async def _publish(
    connection: asyncpg.Connection, name: str, position: int, projections: Sequence[Projection]
) -> Replay:
    at = await connection.fetchrow(
        "SELECT hash, recorded_at FROM events WHERE position = $1", position
    )
    head_hash = None if at is None else at["hash"]
    recorded_at = None if at is None else at["recorded_at"]
    tables = []
    async with connection.transaction():
        await connection.execute(f"CREATE SCHEMA {_quote(name)}")
        mark = f"{_MARK}: position {position}, hash {head_hash.hex() if head_hash else '-'}"
        await connection.execute(f"COMMENT ON SCHEMA {_quote(name)} IS '{mark}'")
        for projection in projections:
            source = f"{name}__{projection.name}"
            for (table,) in await connection.fetch(_TABLES, source):
                await connection.execute(
                    f"CREATE VIEW {_quote(name)}.{_quote(table)}"
                    f" AS SELECT * FROM {_quote(source)}.{_quote(table)}"
                )
                tables.append(table)
    return Replay(name, position, head_hash, recorded_at, sorted(tables))


async def drop(connection: asyncpg.Connection, name: str) -> None:
    """Drop replay ``name``: its view schema and every table schema behind it."""
    check_name(name)
    comment = await connection.fetchval(_COMMENT, name)
    if comment is None or not str(comment).startswith(_MARK):
        raise ReplayError(f"schema {name} is not a replay made by hub audit replay")
    await _drop_schemas(connection, name)


async def _drop_schemas(connection: asyncpg.Connection, name: str) -> None:
    async with connection.transaction():
        await connection.execute(f"DROP SCHEMA IF EXISTS {_quote(name)} CASCADE")
        for (schema,) in await connection.fetch(_TABLE_SCHEMAS, f"{name}__"):
            await connection.execute(f"DROP SCHEMA {_quote(schema)} CASCADE")
