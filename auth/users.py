"""People who sign in: the directory interface, and the local one with argon2id hashes.

The authorization server only calls ``UserDirectory``: an external OpenID Connect provider
can take the local directory's place by implementing the same two methods.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from auth import store


@dataclass(frozen=True)
class User:
    user_id: str
    username: str
    organisation: str
    scopes: frozenset[str]
    restrictions: dict[str, Any] = field(default_factory=dict)
    disabled: bool = False

    def get_user_id(self) -> str:
        return self.user_id


class UserDirectory(Protocol):
    async def authenticate(self, username: str, password: str) -> User | None:
        """The active user with these credentials, or None."""

    async def get(self, user_id: str) -> User | None:
        """The active user with this id, or None (unknown or disabled)."""


_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases cost the same time.


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the person is unknown (same timing); made on first use."""
    return _hasher.hash(uuid.uuid4().hex)


def user_from_row(row: asyncpg.Record) -> User:
    return User(
        user_id=row["user_id"],
        username=row["username"],
        organisation=row["organisation"],
        scopes=frozenset(row["scopes"]),
        restrictions=dict(row["restrictions"]),
        disabled=row["disabled_at"] is not None,
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class LocalUserDirectory:
    """Users in the hub's own database (table oauth_users)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def authenticate(self, username: str, password: str) -> User | None:
        async with self._pool.acquire() as connection:
            row = await store.fetch_user_by_name(connection, username)
        password_hash = row["password_hash"] if row else _dummy_hash()
        verified = await asyncio.to_thread(_verify, password_hash, password)
        if row is None or not verified or row["disabled_at"] is not None:
            return None
        return user_from_row(row)

    async def get(self, user_id: str) -> User | None:
        async with self._pool.acquire() as connection:
            row = await store.fetch_user(connection, user_id)
        if row is None or row["disabled_at"] is not None:
            return None
        return user_from_row(row)
