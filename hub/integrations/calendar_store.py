"""Secret calendar URLs, as named SQL.

A feed's token is 256 random bits, shown once; only its SHA-256 is kept, so a copy of the
database cannot open anyone's calendar. The row keeps what its owner (a person or a
partner system) could see when it asked: organisation, scopes and any project or programme
limit. ``owner`` is the subject whose feeds an operation may touch; None (the CLI, an admin)
reaches every subject's.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

import asyncpg


class FeedKind(StrEnum):
    PROJECT = "project"
    ORGANISATION = "organisation"


TOKEN_BYTES = 32

FEED_COLUMNS = """feed_id, subject, organisation, scopes, projects, programme, kind, target_id,
    created_at, revoked_at"""
_CREATE = f"""
INSERT INTO calendar_feeds (feed_id, token_hash, subject, organisation, scopes, projects,
    programme, kind, target_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING {FEED_COLUMNS}
"""
_LIST = f"""
SELECT {FEED_COLUMNS} FROM calendar_feeds
WHERE ($1::text IS NULL OR subject = $1) AND ($2 OR revoked_at IS NULL)
ORDER BY created_at, feed_id
"""
_REVOKE = f"""
UPDATE calendar_feeds SET revoked_at = coalesce(revoked_at, now())
WHERE feed_id = $1 AND ($2::text IS NULL OR subject = $2)
RETURNING {FEED_COLUMNS}
"""
_BY_TOKEN = f"""
SELECT {FEED_COLUMNS} FROM calendar_feeds f
WHERE token_hash = $1 AND revoked_at IS NULL
  AND NOT EXISTS (SELECT FROM oauth_clients c
                  WHERE f.subject = 'client:' || c.client_id AND c.disabled_at IS NOT NULL)
  AND NOT EXISTS (SELECT FROM oauth_users u
                  WHERE f.subject = 'user:' || u.user_id AND u.disabled_at IS NOT NULL)
"""


class FeedNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Viewer:
    """Who a feed shows the calendar to: its owner as it was when the feed was created."""

    subject: str
    organisation: str | None
    scopes: frozenset[str]
    projects: frozenset[str] | None = None
    programme: str | None = None

    def has(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Viewer:
        projects = row["projects"]
        return cls(
            subject=row["subject"],
            organisation=row["organisation"],
            scopes=frozenset(row["scopes"]),
            projects=None if projects is None else frozenset(projects),
            programme=row["programme"],
        )


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


async def create(
    connection: asyncpg.Connection, viewer: Viewer, kind: str, target_id: UUID
) -> tuple[asyncpg.Record, str]:
    """A new feed and its token (the only time the token exists outside the caller)."""
    token = new_token()
    projects = None if viewer.projects is None else sorted(viewer.projects)
    row = await connection.fetchrow(
        _CREATE, uuid.uuid4(), token_hash(token), viewer.subject, viewer.organisation,
        sorted(viewer.scopes), projects, viewer.programme, kind, target_id,
    )  # fmt: skip
    return row, token


async def feeds(
    connection: asyncpg.Connection, owner: str | None, include_revoked: bool = False
) -> Sequence[asyncpg.Record]:
    return list(await connection.fetch(_LIST, owner, include_revoked))


async def revoke(
    connection: asyncpg.Connection, feed_id: UUID, owner: str | None
) -> asyncpg.Record:
    row = await connection.fetchrow(_REVOKE, feed_id, owner)
    if row is None:
        raise FeedNotFound(f"no calendar feed {feed_id}")
    return row


async def by_token(connection: asyncpg.Connection, token: str) -> asyncpg.Record | None:
    """The live feed a token opens, or None: unknown, revoked, or its owner (client or
    person) disabled, all the same answer."""
    return await connection.fetchrow(_BY_TOKEN, token_hash(token))
