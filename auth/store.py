"""Persistence of clients and people (asyncpg, named statements)."""

from __future__ import annotations

from typing import Any

import asyncpg

_CLIENT_COLUMNS = """
    c.client_id, c.name, c.organisation, c.auth_method, c.grant_types, c.redirect_uris,
    c.scopes, c.restrictions, c.jwks, c.jwks_uri, c.created_at, c.disabled_at,
    array(SELECT s.secret_hash FROM oauth_client_secrets s WHERE s.client_id = c.client_id
          ORDER BY s.created_at DESC) AS secret_hashes"""

FETCH_CLIENT = f"SELECT {_CLIENT_COLUMNS} FROM oauth_clients c WHERE c.client_id = $1"
LIST_CLIENTS = f"SELECT {_CLIENT_COLUMNS} FROM oauth_clients c ORDER BY c.organisation, c.name"

INSERT_CLIENT = """
INSERT INTO oauth_clients (client_id, name, organisation, auth_method, grant_types,
                           redirect_uris, scopes, restrictions, jwks, jwks_uri)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"""

INSERT_SECRET = "INSERT INTO oauth_client_secrets (client_id, secret_hash) VALUES ($1, $2)"

# Keeps the two newest secrets: the one just added and the one it replaces.
PRUNE_SECRETS = """
DELETE FROM oauth_client_secrets WHERE client_id = $1 AND secret_hash NOT IN (
    SELECT secret_hash FROM oauth_client_secrets WHERE client_id = $1
    ORDER BY created_at DESC LIMIT 2)"""

ADD_CLIENT_KEY = """
UPDATE oauth_clients
SET jwks = jsonb_build_object('keys',
        coalesce(jwks -> 'keys', '[]'::jsonb) || jsonb_build_array($2::jsonb))
WHERE client_id = $1 AND disabled_at IS NULL
RETURNING client_id"""

DISABLE_CLIENT = """
UPDATE oauth_clients SET disabled_at = coalesce(disabled_at, now())
WHERE client_id = $1 RETURNING client_id"""

_USER_COLUMNS = """user_id, username, password_hash, organisation, scopes, restrictions,
    created_at, disabled_at"""

FETCH_USER = f"SELECT {_USER_COLUMNS} FROM oauth_users WHERE user_id = $1"
FETCH_USER_BY_NAME = f"SELECT {_USER_COLUMNS} FROM oauth_users WHERE username = $1"

INSERT_USER = """
INSERT INTO oauth_users (user_id, username, password_hash, organisation, scopes, restrictions)
VALUES ($1, $2, $3, $4, $5, $6)"""

DISABLE_USER = """
UPDATE oauth_users SET disabled_at = coalesce(disabled_at, now())
WHERE username = $1 RETURNING user_id"""


class NotFound(LookupError):
    """No client or user by that name."""


async def fetch_client(connection: asyncpg.Connection, client_id: str) -> asyncpg.Record | None:
    return await connection.fetchrow(FETCH_CLIENT, client_id)


async def list_clients(connection: asyncpg.Connection) -> list[asyncpg.Record]:
    return await connection.fetch(LIST_CLIENTS)


async def insert_client(
    connection: asyncpg.Connection, client: dict[str, Any], secret_hash: bytes | None
) -> None:
    async with connection.transaction():
        await connection.execute(
            INSERT_CLIENT,
            client["client_id"],
            client["name"],
            client["organisation"],
            client["auth_method"],
            list(client["grant_types"]),
            list(client["redirect_uris"]),
            sorted(client["scopes"]),
            client["restrictions"],
            client["jwks"],
            client["jwks_uri"],
        )
        if secret_hash is not None:
            await connection.execute(INSERT_SECRET, client["client_id"], secret_hash)


async def add_secret(connection: asyncpg.Connection, client_id: str, secret_hash: bytes) -> None:
    async with connection.transaction():
        row = await connection.fetchrow(FETCH_CLIENT + " FOR UPDATE", client_id)
        if row is None or row["disabled_at"] is not None:
            raise NotFound(f"no active client {client_id!r}")
        if row["auth_method"] != "client_secret_basic":
            raise NotFound(f"client {client_id!r} does not authenticate with a secret")
        await connection.execute(INSERT_SECRET, client_id, secret_hash)
        await connection.execute(PRUNE_SECRETS, client_id)


async def add_client_key(
    connection: asyncpg.Connection, client_id: str, public_jwk: dict[str, Any]
) -> None:
    if await connection.fetchval(ADD_CLIENT_KEY, client_id, public_jwk) is None:
        raise NotFound(f"no active client {client_id!r}")


async def disable_client(connection: asyncpg.Connection, client_id: str) -> None:
    if await connection.fetchval(DISABLE_CLIENT, client_id) is None:
        raise NotFound(f"no client {client_id!r}")


async def fetch_user(connection: asyncpg.Connection, user_id: str) -> asyncpg.Record | None:
    return await connection.fetchrow(FETCH_USER, user_id)


async def fetch_user_by_name(
    connection: asyncpg.Connection, username: str
) -> asyncpg.Record | None:
    return await connection.fetchrow(FETCH_USER_BY_NAME, username)


async def insert_user(connection: asyncpg.Connection, user: dict[str, Any]) -> None:
    await connection.execute(
        INSERT_USER,
        user["user_id"],
        user["username"],
        user["password_hash"],
        user["organisation"],
        sorted(user["scopes"]),
        user["restrictions"],
    )


async def disable_user(connection: asyncpg.Connection, username: str) -> None:
    if await connection.fetchval(DISABLE_USER, username) is None:
        raise NotFound(f"no user {username!r}")
