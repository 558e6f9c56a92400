"""The connections verification reads the log on, alone or several in one snapshot."""

from __future__ import annotations

import re

import asyncpg

_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")  # what pg_export_snapshot() returns


async def verification_connection(dsn: str) -> asyncpg.Connection:
    """A connection of its own, reading times as µs and JSON as the server's text."""
    connection = await asyncpg.connect(dsn)
    await connection.set_type_codec(
        "timestamptz",
        schema="pg_catalog",
        format="tuple",
        encoder=lambda micros: (micros,),
        decoder=lambda value: value[0],
    )
    return connection


async def connection_in_snapshot(dsn: str, snapshot: str) -> asyncpg.Connection:
    """A verification connection that sees exactly the snapshot another one exported.

    Its transaction stays open until the connection closes.
    """
    if not _SNAPSHOT_ID.fullmatch(snapshot):
        raise ValueError(f"not a snapshot identifier: {snapshot!r}")
    connection = await verification_connection(dsn)
    await connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    await connection.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    return connection
