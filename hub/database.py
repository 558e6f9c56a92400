"""The asyncpg pool: on the configured server, or on an embedded PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson

from hub.embedded import EmbeddedPostgres
from hub.settings import Settings

COMMAND_TIMEOUT_MARGIN_SECONDS = 2.0
CONNECT_TIMEOUT_SECONDS = 5.0


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


class BoundedPool(asyncpg.Pool):
    """A pool whose ``acquire`` (and so ``fetch``, ``execute``…) waits at most
    ``acquire_timeout`` for a connection: with the server stuck, requests fail with a
    TimeoutError (UNAVAILABLE) instead of queueing without end."""

    acquire_timeout: float | None = None

    def acquire(self, *, timeout: float | None = None) -> Any:
        return super().acquire(timeout=self.acquire_timeout if timeout is None else timeout)


def command_timeout(settings: Settings) -> float | None:
    """The client's own bound on a call, a little past the server's statement timeout: it
    only fires when the server cannot (a frozen server, a connection stuck in the network)."""
    if settings.db_statement_timeout_ms == 0:
        return None
    return settings.db_statement_timeout_ms / 1000 + COMMAND_TIMEOUT_MARGIN_SECONDS


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
        pool = await BoundedPool(
            dsn,
            min_size=settings.db_pool_min_size,
            max_size=settings.db_pool_max_size,
            max_queries=50_000,
            max_inactive_connection_lifetime=300.0,
            loop=None,
            connection_class=asyncpg.Connection,
            record_class=asyncpg.Record,
            init=init_connection,
            server_settings=server_settings(settings),
            command_timeout=command_timeout(settings),
            timeout=CONNECT_TIMEOUT_SECONDS,
        )
        pool.acquire_timeout = command_timeout(settings)
    except (OSError, asyncpg.PostgresError) as error:
        if embedded is not None:
            await embedded.stop()
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL: {error}") from error
    return Database(dsn=dsn, pool=pool, embedded=embedded)
