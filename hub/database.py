"""The asyncpg pool: on the configured server, or on an embedded PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson

from hub.embedded import EmbeddedPostgres
from hub.settings import Settings


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached with the configured URL."""


def _decode_json(text: str) -> Any:
    return orjson.loads(text)


def _encode_json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def init_connection(connection: asyncpg.Connection) -> None:
    """Give every connection orjson codecs for json and jsonb."""
    for type_name in ("json", "jsonb"):
        await connection.set_type_codec(
            type_name, schema="pg_catalog", encoder=_encode_json, decoder=_decode_json
        )


def server_settings(settings: Settings) -> dict[str, str]:
    """Session defaults sent at connection start-up; pooled connections reset to them."""
    values = {
        "statement_timeout": str(settings.db_statement_timeout_ms),
        "application_name": "hub",
    }
    if settings.db_service_role:
        values["role"] = settings.db_service_role
    return values


@dataclass
class Database:
    """The pool every query goes through, and the embedded server if the hub started one."""

    dsn: str
    pool: asyncpg.Pool
    embedded: EmbeddedPostgres | None = None

    async def close(self) -> None:
        await self.pool.close()
        if self.embedded is not None:
            await self.embedded.stop()


async def resolve_dsn(settings: Settings) -> tuple[str, EmbeddedPostgres | None]:
    if settings.database_url:
        return settings.database_url, None
    embedded = EmbeddedPostgres(settings.data_dir)
    return await embedded.start(), embedded


async def open_database(settings: Settings, *, dsn: str | None = None) -> Database:
    embedded = None
    if dsn is None:
        dsn, embedded = await resolve_dsn(settings)
    try:
        pool = await asyncpg.create_pool(
            dsn,
            min_size=settings.db_pool_min_size,
            max_size=settings.db_pool_max_size,
            init=init_connection,
            server_settings=server_settings(settings),
        )
    except (OSError, asyncpg.PostgresError) as error:
        if embedded is not None:
            await embedded.stop()
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL: {error}") from error
    return Database(dsn=dsn, pool=pool, embedded=embedded)
