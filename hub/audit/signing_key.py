"""The Ed25519 key that signs checkpoints, kept in ``audit_signing_keys`` beside the OAuth keys.

One key per key name (the log's origin), created on first use and never changed, so every
checkpoint it signed still verifies with the one published verifier key.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub.audit.note import VerifierKey, check_key_name

SELECT_KEY = "SELECT private_key, public_key FROM audit_signing_keys WHERE name = $1"
INSERT_KEY = """
INSERT INTO audit_signing_keys (name, private_key, public_key) VALUES ($1, $2, $3)
ON CONFLICT (name) DO NOTHING"""


@dataclass(frozen=True)
class SigningKey:
    name: str
    private_key: bytes
    public_key: bytes

    @property
    def verifier(self) -> VerifierKey:
        return VerifierKey(self.name, self.public_key)


async def signing_key(connection: asyncpg.Connection, name: str) -> SigningKey:
    """The key named ``name``, generated the first time (concurrent callers get the same)."""
    row = await connection.fetchrow(SELECT_KEY, name)
    if row is None:
        check_key_name(name)
        private = Ed25519PrivateKey.generate()
        await connection.execute(
            INSERT_KEY,
            name,
            private.private_bytes_raw(),
            private.public_key().public_bytes_raw(),
        )
        row = await connection.fetchrow(SELECT_KEY, name)
    return SigningKey(name, bytes(row["private_key"]), bytes(row["public_key"]))
