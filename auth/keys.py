"""ES256 keys that sign access tokens: generation, rotation, and the published JWKS.

Three keys are live: ``next`` (published, not yet signing, so resource servers that cache
the JWKS already know it when it starts signing), ``current`` (signs) and ``previous``
(still verifies the tokens it signed). ``rotate`` moves each one step along; since access
tokens live minutes, two rotations must be at least one token lifetime apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from joserfc.jwk import ECKey, KeySet

ALGORITHM = "ES256"
_LOCK = 7283010004  # serialises key changes between replicas and `hub keys rotate`

LIVE_KEYS = """
SELECT kid, state, private_jwk, public_jwk, created_at, changed_at FROM oauth_signing_keys
WHERE state <> 'retired'
ORDER BY CASE state WHEN 'next' THEN 0 WHEN 'current' THEN 1 ELSE 2 END"""

INSERT_KEY = """
INSERT INTO oauth_signing_keys (kid, state, private_jwk, public_jwk) VALUES ($1, $2, $3, $4)"""

SHIFT_STATE = """
UPDATE oauth_signing_keys SET state = $2, changed_at = now() WHERE state = $1"""


@dataclass(frozen=True)
class KeyRing:
    """The key that signs, and every key that verifies."""

    signing: ECKey
    verifying: KeySet

    def jwks(self) -> dict[str, Any]:
        return dict(self.verifying.as_dict(private=False))


def generate_key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"alg": ALGORITHM, "use": "sig"}, auto_kid=True)


async def _insert(connection: asyncpg.Connection, state: str) -> None:
    key = generate_key()
    await connection.execute(
        INSERT_KEY, key.kid, state, key.as_dict(private=True), key.as_dict(private=False)
    )


async def ensure_keys(connection: asyncpg.Connection) -> None:
    """Create the current and next keys on first use."""
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _LOCK)
        states = {row["state"] for row in await connection.fetch(LIVE_KEYS)}
        for state in ("current", "next"):
            if state not in states:
                await _insert(connection, state)


async def rotate(connection: asyncpg.Connection) -> list[asyncpg.Record]:
    """previous → retired, current → previous, next → current, and a new next."""
    await ensure_keys(connection)
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _LOCK)
        for old, new in (("previous", "retired"), ("current", "previous"), ("next", "current")):
            await connection.execute(SHIFT_STATE, old, new)
        await _insert(connection, "next")
        return await connection.fetch(LIVE_KEYS)


async def live_keys(connection: asyncpg.Connection) -> list[asyncpg.Record]:
    return await connection.fetch(LIVE_KEYS)


async def load_keyring(connection: asyncpg.Connection) -> KeyRing:
    rows = await connection.fetch(LIVE_KEYS)
    if not any(row["state"] == "current" for row in rows):
        await ensure_keys(connection)
        rows = await connection.fetch(LIVE_KEYS)
    signing = next(row for row in rows if row["state"] == "current")
    public = [ECKey.import_key(row["public_jwk"]) for row in rows]
    return KeyRing(signing=ECKey.import_key(signing["private_jwk"]), verifying=KeySet(public))
