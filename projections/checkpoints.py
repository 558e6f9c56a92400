"""The rows of ``projection_checkpoints`` (migrations/0002): one per generation of a
projection, the active one serving reads and at most one being rebuilt beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

import asyncpg

PROGRESS_CHANNEL = "hub_projections"

_COLUMNS = (
    "name, generation, schema_name, version, active, position, state, error, "
    "failed_position, failed_event_type, updated_at"
)

_LOAD = f"SELECT {_COLUMNS} FROM projection_checkpoints WHERE name = $1 ORDER BY generation"

_LOCK = f"SELECT {_COLUMNS} FROM projection_checkpoints WHERE schema_name = $1 FOR UPDATE"

# The position guard fences off a writer that lost its lock without noticing.
_ADVANCE = f"""
WITH moved AS (
    UPDATE projection_checkpoints SET position = $3, updated_at = now()
    WHERE schema_name = $1 AND position = $2
    RETURNING name, position, active
), notified AS (
    SELECT pg_notify('{PROGRESS_CHANNEL}', name || ' ' || position) FROM moved WHERE active
)
SELECT count(*) FROM moved, (SELECT count(*) FROM notified) AS n
"""

_MARK_FAILED = """
UPDATE projection_checkpoints
SET state = 'failed', error = $2, failed_position = $3, failed_event_type = $4,
    updated_at = now()
WHERE schema_name = $1
"""

_CLEAR_FAILURE = """
UPDATE projection_checkpoints
SET state = CASE WHEN active THEN 'running' ELSE 'rebuilding' END,
    error = NULL, failed_position = NULL, failed_event_type = NULL, updated_at = now()
WHERE name = $1 AND state = 'failed'
"""

_INSERT = """
INSERT INTO projection_checkpoints (name, generation, schema_name, version, active, state)
SELECT $1, g, 'read_' || $1 || '_g' || g, $2, $3,
       CASE WHEN $3 THEN 'running' ELSE 'rebuilding' END
FROM (SELECT coalesce(max(generation), 0) + 1 AS g
      FROM projection_checkpoints WHERE name = $1) AS next
ON CONFLICT DO NOTHING
"""

_PROMOTE = f"""
WITH promoted AS (
    UPDATE projection_checkpoints SET active = true, state = 'running', updated_at = now()
    WHERE schema_name = $1
    RETURNING name, position
)
SELECT pg_notify('{PROGRESS_CHANNEL}', name || ' ' || position) FROM promoted
"""


Queryable: TypeAlias = asyncpg.Pool | asyncpg.Connection


class CheckpointMoved(Exception):
    """Another writer moved the checkpoint: this runner no longer owns the projection."""


@dataclass(frozen=True)
class Checkpoint:
    name: str
    generation: int
    schema_name: str
    version: int
    active: bool
    position: int
    state: str
    error: str | None
    failed_position: int | None
    failed_event_type: str | None
    updated_at: datetime


async def load(connection: Queryable, name: str) -> list[Checkpoint]:
    return [Checkpoint(*row) for row in await connection.fetch(_LOAD, name)]


async def lock(connection: asyncpg.Connection, schema: str) -> Checkpoint | None:
    row = await connection.fetchrow(_LOCK, schema)
    return None if row is None else Checkpoint(*row)


async def advance(connection: asyncpg.Connection, checkpoint: Checkpoint, position: int) -> None:
    moved = await connection.fetchval(
        _ADVANCE, checkpoint.schema_name, checkpoint.position, position
    )
    if moved != 1:
        raise CheckpointMoved(f"the checkpoint of {checkpoint.schema_name} moved under us")


async def mark_failed(
    connection: asyncpg.Connection, schema: str, error: str, position: int, event_type: str
) -> None:
    await connection.execute(_MARK_FAILED, schema, error, position, event_type)


async def clear_failure(connection: Queryable, name: str) -> None:
    await connection.execute(_CLEAR_FAILURE, name)


async def insert(
    connection: asyncpg.Connection, name: str, version: int, *, active: bool
) -> Checkpoint | None:
    """Add a generation (the first, active one, or a build); None if one is already there."""
    status = await connection.execute(_INSERT, name, version, active)
    if status.endswith(" 0"):
        return None
    rows = await load(connection, name)
    return next(row for row in rows if row.active == active)


async def delete(connection: asyncpg.Connection, checkpoint: Checkpoint) -> None:
    await connection.execute(
        "DELETE FROM projection_checkpoints WHERE schema_name = $1", checkpoint.schema_name
    )


async def activate(connection: asyncpg.Connection, build: Checkpoint) -> None:
    """Retire the active row and make ``build`` the active one."""
    await connection.execute(
        "DELETE FROM projection_checkpoints WHERE name = $1 AND active", build.name
    )
    await connection.execute(_PROMOTE, build.schema_name)
