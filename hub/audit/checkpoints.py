"""Signing, storing and listing checkpoints of the log (table ``audit_checkpoints``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from hub.audit import merkle, note, tree_store
from hub.audit.signing_key import signing_key

CHECKPOINT_LOCK = 7283010006  # one periodic signer at a time across processes

COLUMNS = "id, origin, tree_size, root_hash, signed_at, key_name, note"
INSERT = f"""
INSERT INTO audit_checkpoints (origin, tree_size, root_hash, signed_at, key_name, note)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"""
LATEST = f"SELECT {COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT 1"
PAGE = f"""
SELECT {COLUMNS} FROM audit_checkpoints
WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2"""


class CheckpointRequestError(ValueError):
    """A checkpoint or proof asked for a size or position the log does not have."""


@dataclass(frozen=True)
class StoredCheckpoint:
    id: int
    origin: str
    tree_size: int
    root_hash: bytes
    signed_at: datetime
    key_name: str
    note: str

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> StoredCheckpoint:
        return cls(**{**dict(row), "root_hash": bytes(row["root_hash"])})


async def sign_checkpoint(
    connection: asyncpg.Connection, origin: str, tree_size: int | None = None
) -> StoredCheckpoint:
    """Sign and store a checkpoint of the first ``tree_size`` events (default: all)."""
    await tree_store.extend(connection)
    size = await tree_store.log_size(connection)
    if tree_size is None:
        tree_size = size
    if not 0 <= tree_size <= size:
        raise CheckpointRequestError(f"tree size {tree_size} is outside the log (0..{size})")
    root = await tree_store.compute(connection, lambda s: merkle.root(tree_size, s))
    key = await signing_key(connection, origin)
    now = datetime.now(UTC).replace(microsecond=0)
    text = note.sign(note.Checkpoint(origin, tree_size, root, now), key.name, key.private_key)
    row = await connection.fetchrow(INSERT, origin, tree_size, root, now, key.name, text)
    return StoredCheckpoint.from_row(row)


async def checkpoint_if_grown(
    connection: asyncpg.Connection, origin: str
) -> StoredCheckpoint | None:
    """Sign a checkpoint if the log grew since the last one and no other process is signing."""
    async with connection.transaction():
        if not await connection.fetchval("SELECT pg_try_advisory_xact_lock($1)", CHECKPOINT_LOCK):
            return None
        last = await latest_checkpoint(connection)
        size = await tree_store.log_size(connection)
        if size == 0 or (last is not None and last.tree_size >= size):
            return None
        return await sign_checkpoint(connection, origin, size)


async def latest_checkpoint(connection: asyncpg.Connection) -> StoredCheckpoint | None:
    row = await connection.fetchrow(LATEST)
    return None if row is None else StoredCheckpoint.from_row(row)


async def checkpoints_before(
    connection: asyncpg.Connection, before_id: int | None, limit: int
) -> list[StoredCheckpoint]:
    """Newest first, those with an id below ``before_id`` (None: from the newest)."""
    rows = await connection.fetch(PAGE, before_id, limit)
    return [StoredCheckpoint.from_row(row) for row in rows]


async def verifier_key(connection: asyncpg.Connection, origin: str) -> note.VerifierKey:
    return (await signing_key(connection, origin)).verifier
