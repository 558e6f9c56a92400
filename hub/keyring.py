"""Per-person AES-256 keys in PostgreSQL (migrations/0003), outside the append-only log.

The codec asks a synchronous ``Keyring`` for keys, so the repository fetches the keys an
event needs first (``keys`` to read, ``ensure_keys`` to write) and hands the codec a
``KeySet``. Forgetting a person deletes their key (crypto-shredding) and records the
erasure; a forgotten person can never be given a key again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from domain.errors import DomainError

_LOCK_SALT = 7283010003  # the same salt as the trigger in migrations/0003


class SubjectForgotten(DomainError):
    """The person was forgotten: no personal data about them can be stored again."""

    rule = "subject_forgotten"


class UnknownSubject(DomainError):
    """No personal data of this person was ever stored (no key, no erasure)."""

    rule = "unknown_subject"


@dataclass(frozen=True)
class KeySet:
    """The keys fetched for one load or save; satisfies hub.event_codec.Keyring."""

    keys: Mapping[UUID, bytes]

    def key_for(self, subject_id: UUID) -> bytes | None:
        return self.keys.get(subject_id)


@dataclass(frozen=True)
class Erasure:
    subject_id: UUID
    forgotten_at: datetime
    forgotten_by: str
    already_forgotten: bool = False


class PostgresKeyring:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def keys(self, subjects: Iterable[UUID]) -> KeySet:
        """The keys that still exist for these subjects (forgotten ones are left out)."""
        wanted = sorted(set(subjects))
        if not wanted:
            return KeySet({})
        rows = await self.pool.fetch(
            "SELECT subject_id, key FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])",
            wanted,
        )
        return KeySet({row["subject_id"]: bytes(row["key"]) for row in rows})

    async def ensure_keys(self, subjects: Iterable[UUID]) -> KeySet:
        """The keys of these subjects, creating the missing ones; SubjectForgotten if any
        of them was forgotten."""
        wanted = sorted(set(subjects))
        if not wanted:
            return KeySet({})
        async with self.pool.acquire() as connection, connection.transaction():
            forgotten = await connection.fetchval(
                "SELECT subject_id FROM forgotten_subjects WHERE subject_id = ANY($1::uuid[])"
                " LIMIT 1",
                wanted,
            )
            if forgotten is not None:
                raise SubjectForgotten(f"subject {forgotten} was forgotten")
            try:
                await connection.executemany(
                    "INSERT INTO personal_data_keys (subject_id, key) VALUES ($1, $2)"
                    " ON CONFLICT (subject_id) DO NOTHING",
                    [(subject, os.urandom(32)) for subject in wanted],
                )
            except asyncpg.CheckViolationError as error:
                raise SubjectForgotten(str(error)) from None
        keys = await self.keys(wanted)
        missing = set(wanted) - set(keys.keys)
        if missing:  # forgotten between the insert and the read
            raise SubjectForgotten(f"subject {min(missing)} was forgotten")
        return keys

    async def forget(self, subject_id: UUID, forgotten_by: str) -> Erasure:
        """Delete the subject's key and record the erasure; UnknownSubject if the hub
        never held data about them. Forgetting twice returns the first erasure."""
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1::text, $2))",
                str(subject_id),
                _LOCK_SALT,
            )
            earlier = await connection.fetchrow(
                "SELECT forgotten_at, forgotten_by FROM forgotten_subjects WHERE subject_id = $1",
                subject_id,
            )
            if earlier is not None:
                return Erasure(subject_id, earlier[0], earlier[1], already_forgotten=True)
            deleted = await connection.fetchval(
                "DELETE FROM personal_data_keys WHERE subject_id = $1 RETURNING subject_id",
                subject_id,
            )
            if deleted is None:
                raise UnknownSubject(f"no personal data is held for subject {subject_id}")
            row = await connection.fetchrow(
                "INSERT INTO forgotten_subjects (subject_id, forgotten_by) VALUES ($1, $2)"
                " RETURNING forgotten_at, forgotten_by",
                subject_id,
                forgotten_by,
            )
        return Erasure(subject_id, row[0], row[1])
