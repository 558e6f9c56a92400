"""Counts the SQL statements a request sends, to prove lists go through DataLoaders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from hub.database import Database, init_connection, server_settings
from hub.settings import Settings


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, record: object) -> None:
        self.statements.append(getattr(record, "query", ""))

    def reset(self) -> None:
        self.statements.clear()

    def count(self, containing: str = "read.") -> int:
        return sum(containing in statement for statement in self.statements)


@asynccontextmanager
async def counting_database(
    settings: Settings, dsn: str
) -> AsyncIterator[tuple[Database, StatementCounter]]:
    """A Database on ``dsn`` whose every pooled connection reports its statements."""
    counter = StatementCounter()

    async def init(connection: asyncpg.Connection) -> None:
        await init_connection(connection)
        connection.add_query_logger(counter)

    pool = await asyncpg.create_pool(
        dsn, min_size=1, max_size=4, init=init, server_settings=server_settings(settings)
    )
    database = Database(dsn=dsn, pool=pool)
    try:
        yield database, counter
    finally:
        await pool.close()
