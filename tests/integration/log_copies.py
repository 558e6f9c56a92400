"""A database of a test's own holding a byte-for-byte copy of another database's log."""

from __future__ import annotations

import io

import asyncpg

from hub.database import Database
from tests.conftest import create_database


async def copy_of_log(admin_url: str, source: Database) -> str:
    """A fresh migrated database with ``source``'s events (drop it with drop_database)."""
    url = await create_database(admin_url)
    rows = io.BytesIO()
    async with source.pool.acquire() as connection:
        await connection.copy_from_query(
            "SELECT * FROM events ORDER BY position", output=rows, format="binary"
        )
    rows.seek(0)
    target = await asyncpg.connect(url)
    try:
        await target.copy_to_table("events", source=rows, format="binary")
    finally:
        await target.close()
    return url
