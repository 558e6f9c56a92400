"""Persistence of what the token endpoint hands out: codes, refresh and access tokens, the
replay store of client assertions, and the revocations the API reads."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg


def digest(value: str) -> bytes:
    """Codes and refresh tokens are stored as SHA-256: a database reader cannot use them."""
    return hashlib.sha256(value.encode()).digest()


def at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


REMEMBER_JTI = """
INSERT INTO oauth_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING RETURNING jti"""

INSERT_FAMILY = """
INSERT INTO oauth_grant_families (family_id, client_id, user_id) VALUES ($1, $2, $3)"""

INSERT_CODE = """
INSERT INTO oauth_authorization_codes (code_hash, family_id, client_id, user_id, redirect_uri,
    scope, code_challenge, code_challenge_method, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9))"""

# A code works once: the UPDATE claims it atomically, so two concurrent redemptions cannot
# both succeed.
CONSUME_CODE = """
UPDATE oauth_authorization_codes SET used_at = now()
WHERE code_hash = $1 AND client_id = $2 AND used_at IS NULL AND expires_at > now()
RETURNING family_id, client_id, user_id, redirect_uri, scope, code_challenge,
          code_challenge_method"""

USED_CODE_FAMILY = """
SELECT family_id FROM oauth_authorization_codes WHERE code_hash = $1 AND used_at IS NOT NULL"""

INSERT_REFRESH = """
INSERT INTO oauth_refresh_tokens (token_hash, family_id, client_id, user_id, scope, expires_at)
VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))"""

ROTATE_REFRESH = """
UPDATE oauth_refresh_tokens r SET rotated_at = now()
FROM oauth_grant_families f
WHERE r.token_hash = $1 AND r.client_id = $2 AND r.rotated_at IS NULL
  AND r.revoked_at IS NULL AND r.expires_at > now()
  AND f.family_id = r.family_id AND f.revoked_at IS NULL
RETURNING r.family_id, r.client_id, r.user_id, r.scope"""

ROTATED_REFRESH_FAMILY = """
SELECT family_id FROM oauth_refresh_tokens WHERE token_hash = $1 AND rotated_at IS NOT NULL"""

FETCH_REFRESH = """
SELECT r.family_id, r.client_id, r.user_id, r.scope, r.issued_at, r.expires_at,
       (r.revoked_at IS NOT NULL OR r.rotated_at IS NOT NULL OR f.revoked_at IS NOT NULL
        OR c.disabled_at IS NOT NULL OR u.disabled_at IS NOT NULL) AS revoked
FROM oauth_refresh_tokens r
JOIN oauth_grant_families f USING (family_id)
JOIN oauth_clients c ON c.client_id = r.client_id
LEFT JOIN oauth_users u ON u.user_id = r.user_id
WHERE r.token_hash = $1"""

REVOKE_FAMILY = """
UPDATE oauth_grant_families SET revoked_at = coalesce(revoked_at, now()),
    revoked_reason = coalesce(revoked_reason, $2)
WHERE family_id = $1"""
REVOKE_FAMILY_TOKENS = [
    """UPDATE oauth_refresh_tokens SET revoked_at = coalesce(revoked_at, now())
       WHERE family_id = $1""",
    """UPDATE oauth_access_tokens SET revoked_at = coalesce(revoked_at, now())
       WHERE family_id = $1""",
]

INSERT_ACCESS = """
INSERT INTO oauth_access_tokens (jti, client_id, subject, family_id, scope, issued_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)"""

FETCH_ACCESS = """
SELECT a.jti, a.client_id, a.subject, a.scope, a.issued_at, a.expires_at,
       (a.revoked_at IS NOT NULL OR c.disabled_at IS NOT NULL
        OR u.disabled_at IS NOT NULL) AS revoked
FROM oauth_access_tokens a
JOIN oauth_clients c ON c.client_id = a.client_id
LEFT JOIN oauth_users u ON a.subject = 'user:' || u.user_id
WHERE a.jti = $1"""

REVOKE_ACCESS = """
UPDATE oauth_access_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE jti = $1"""

REVOKED_ACCESS = """
SELECT jti FROM oauth_access_tokens
WHERE revoked_at IS NOT NULL AND expires_at > now() - $1::interval"""
DISABLED_CLIENTS = "SELECT client_id FROM oauth_clients WHERE disabled_at IS NOT NULL"
DISABLED_USERS = "SELECT user_id FROM oauth_users WHERE disabled_at IS NOT NULL"

PURGE = [
    "DELETE FROM oauth_assertion_jtis WHERE expires_at < now()",
    "DELETE FROM oauth_authorization_codes WHERE expires_at < now() - interval '1 day'",
    "DELETE FROM oauth_access_tokens WHERE expires_at < now() - interval '1 day'",
    "DELETE FROM oauth_refresh_tokens WHERE expires_at < now() - interval '1 day'",
]


async def remember_assertion(
    connection: asyncpg.Connection, client_id: str, jti: str, expires_at: float
) -> bool:
    """True the first time this client presents this jti; False for a replay."""
    return await connection.fetchval(REMEMBER_JTI, client_id, jti, at(expires_at)) is not None


async def save_code(
    connection: asyncpg.Connection, code: str, values: dict, lifetime_s: int
) -> None:
    family_id = uuid.uuid4()
    async with connection.transaction():
        await connection.execute(INSERT_FAMILY, family_id, values["client_id"], values["user_id"])
        await connection.execute(
            INSERT_CODE,
            digest(code),
            family_id,
            values["client_id"],
            values["user_id"],
            values["redirect_uri"],
            values["scope"],
            values["code_challenge"],
            values["code_challenge_method"],
            float(lifetime_s),
        )


async def consume_code(
    connection: asyncpg.Connection, code: str, client_id: str
) -> asyncpg.Record | None:
    """The code's grant, once. A second use revokes everything issued from the code."""
    async with connection.transaction():
        row = await connection.fetchrow(CONSUME_CODE, digest(code), client_id)
        if row is None:
            family_id = await connection.fetchval(USED_CODE_FAMILY, digest(code))
            if family_id is not None:
                await _revoke_family(connection, family_id, "authorization code reused")
        return row


async def rotate_refresh_token(
    connection: asyncpg.Connection, token: str, client_id: str
) -> asyncpg.Record | None:
    """The refresh token's grant, once. Presenting a rotated token again revokes its family."""
    async with connection.transaction():
        row = await connection.fetchrow(ROTATE_REFRESH, digest(token), client_id)
        if row is None:
            family_id = await connection.fetchval(ROTATED_REFRESH_FAMILY, digest(token))
            if family_id is not None:
                await _revoke_family(connection, family_id, "refresh token reused")
        return row


async def _revoke_family(connection: asyncpg.Connection, family_id: uuid.UUID, why: str) -> None:
    await connection.execute(REVOKE_FAMILY, family_id, why)
    for statement in REVOKE_FAMILY_TOKENS:
        await connection.execute(statement, family_id)


async def revoke_family(connection: asyncpg.Connection, family_id: uuid.UUID, why: str) -> None:
    async with connection.transaction():
        await _revoke_family(connection, family_id, why)


async def save_tokens(
    connection: asyncpg.Connection,
    access: dict,
    family_id: uuid.UUID | None,
    refresh_token: str | None,
    refresh_hours: int,
) -> None:
    async with connection.transaction():
        await connection.execute(
            INSERT_ACCESS,
            access["jti"],
            access["client_id"],
            access["sub"],
            family_id,
            access["scope"],
            at(access["iat"]),
            at(access["exp"]),
        )
        if refresh_token is not None and family_id is not None:
            user_id = access["sub"].removeprefix("user:")
            await connection.execute(
                INSERT_REFRESH,
                digest(refresh_token),
                family_id,
                access["client_id"],
                user_id,
                access["scope"],
                refresh_hours,
            )


async def fetch_access(connection: asyncpg.Connection, jti: str) -> asyncpg.Record | None:
    return await connection.fetchrow(FETCH_ACCESS, jti)


async def fetch_refresh(connection: asyncpg.Connection, token: str) -> asyncpg.Record | None:
    return await connection.fetchrow(FETCH_REFRESH, digest(token))


async def revoke_access(connection: asyncpg.Connection, jti: str) -> None:
    await connection.execute(REVOKE_ACCESS, jti)


async def revocations(
    connection: asyncpg.Connection, leeway: timedelta
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Revoked live access tokens, disabled clients, disabled users."""
    jtis = await connection.fetch(REVOKED_ACCESS, leeway)
    clients = await connection.fetch(DISABLED_CLIENTS)
    users = await connection.fetch(DISABLED_USERS)
    return (
        frozenset(row["jti"] for row in jtis),
        frozenset(row["client_id"] for row in clients),
        frozenset(row["user_id"] for row in users),
    )


async def purge_expired(connection: asyncpg.Connection) -> None:
    for statement in PURGE:
        await connection.execute(statement)
