"""One writer per document at a time, across processes: storing bytes and citing them
(upload), deleting them (retention) and collecting unreferenced ones (gc) each hold the
document's advisory lock, so gc never removes bytes an upload is about to cite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

LOCK_CLASS = 7285  # first key of pg_advisory_xact_lock(int, int); the second is from the hash


@asynccontextmanager
async def document_lock(pool: asyncpg.Pool, sha256: str) -> AsyncIterator[None]:
    key = int.from_bytes(bytes.fromhex(sha256[:8]), "big", signed=True)
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1, $2)", LOCK_CLASS, key)
        yield
