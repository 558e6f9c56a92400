"""Webhook endpoints and their delivery log, as named SQL.

``owner`` is the client id whose rows an operation may touch; None (the CLI, an admin)
reaches every client's. A row outside the owner's reach reads as missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from hub.integrations.secret_box import SecretBox
from hub.integrations.webhook_signing import new_secret

WAKE_CHANNEL = "hub_webhooks"
ROTATION_OVERLAP = "24 hours"

ENDPOINT_COLUMNS = """endpoint_id, client_id, url, description, event_types, project_ids,
    after_position, enabled, disabled_reason, disabled_at, failing_since, created_at,
    previous_expires_at"""
_REGISTER = f"""
INSERT INTO webhook_endpoints (endpoint_id, client_id, url, description, event_types,
    project_ids, key_id, secret_sealed, after_position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(position), 0) FROM events))
RETURNING {ENDPOINT_COLUMNS}
"""
_OWNED = "endpoint_id = $1 AND ($2::text IS NULL OR client_id = $2)"
_ROTATE = f"""
UPDATE webhook_endpoints SET previous_sealed = secret_sealed, key_id = $3, secret_sealed = $4,
    previous_expires_at = now() + interval '{ROTATION_OVERLAP}'
WHERE {_OWNED} RETURNING {ENDPOINT_COLUMNS}
"""
_ENABLE = f"""
UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL,
    failing_since = NULL
WHERE {_OWNED} RETURNING {ENDPOINT_COLUMNS}
"""
_DISABLE = f"""
UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3,
    disabled_at = coalesce(disabled_at, now())
WHERE {_OWNED} RETURNING {ENDPOINT_COLUMNS}
"""
_DELETE = f"DELETE FROM webhook_endpoints WHERE {_OWNED} RETURNING {ENDPOINT_COLUMNS}"
_LIST = f"""
SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints
WHERE ($1::text IS NULL OR client_id = $1) AND ($2::timestamptz IS NULL
       OR (created_at, endpoint_id) > ($2::timestamptz, $3::uuid))
ORDER BY created_at, endpoint_id LIMIT $4
"""
DELIVERY_COLUMNS = """d.delivery_id, d.endpoint_id, d.position, d.stream_id, d.event_type,
    d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at,
    d.delivered_at"""
_DELIVERIES = f"""
SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_endpoints w USING (endpoint_id)
WHERE ($1::text IS NULL OR w.client_id = $1) AND ($2::uuid IS NULL OR d.endpoint_id = $2)
  AND ($3::text IS NULL OR d.state = $3) AND ($4::bigint IS NULL OR d.position < $4
       OR (d.position = $4 AND d.endpoint_id > $5::uuid))
ORDER BY d.position DESC, d.endpoint_id LIMIT $6
"""
_ATTEMPTS = """
SELECT delivery_id, attempted_at, succeeded, status_code, error, duration_ms, retry_at
FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY attempt_id
"""
_REDELIVER = f"""
UPDATE webhook_deliveries d SET state = 'pending', next_attempt_at = now()
FROM webhook_endpoints w
WHERE w.endpoint_id = d.endpoint_id AND d.delivery_id = $1
  AND ($2::text IS NULL OR w.client_id = $2)
RETURNING {DELIVERY_COLUMNS}
"""


class EndpointNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Attempt:
    delivery_id: UUID
    attempted_at: datetime
    succeeded: bool
    status_code: int | None
    error: str | None
    duration_ms: int
    retry_at: datetime | None


async def register(
    connection: asyncpg.Connection,
    box: SecretBox,
    *,
    client_id: str,
    url: str,
    description: str,
    event_types: Sequence[str],
    project_ids: Sequence[UUID],
) -> tuple[asyncpg.Record, bytes]:
    """The new endpoint and its secret (to show once)."""
    endpoint_id, secret = uuid.uuid4(), new_secret()
    row = await connection.fetchrow(
        _REGISTER, endpoint_id, client_id, url, description, sorted(set(event_types)),
        sorted(set(project_ids)), box.key_id, box.seal(endpoint_id, secret),
    )  # fmt: skip
    return row, secret


async def rotate(
    connection: asyncpg.Connection, box: SecretBox, endpoint_id: UUID, owner: str | None
) -> tuple[asyncpg.Record, bytes]:
    """A new secret; the previous one keeps signing beside it for ROTATION_OVERLAP. The
    previous one must open under the current key (it is re-signed with, not re-sealed)."""
    secret = new_secret()
    row = await connection.fetchrow(
        _ROTATE, endpoint_id, owner, box.key_id, box.seal(endpoint_id, secret)
    )
    return _found(row, endpoint_id), secret


async def enable(connection: asyncpg.Connection, endpoint_id: UUID, owner: str | None):
    async with connection.transaction():
        row = await connection.fetchrow(_ENABLE, endpoint_id, owner)
        await wake(connection)
    return _found(row, endpoint_id)


async def disable(
    connection: asyncpg.Connection, endpoint_id: UUID, owner: str | None, reason: str
) -> asyncpg.Record:
    return _found(await connection.fetchrow(_DISABLE, endpoint_id, owner, reason), endpoint_id)


async def delete(connection: asyncpg.Connection, endpoint_id: UUID, owner: str | None):
    return _found(await connection.fetchrow(_DELETE, endpoint_id, owner), endpoint_id)


async def endpoints(
    connection: asyncpg.Connection,
    owner: str | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    created, endpoint_id = after if after is not None else (None, None)
    return list(await connection.fetch(_LIST, owner, created, endpoint_id, limit))


async def deliveries(
    connection: asyncpg.Connection,
    owner: str | None,
    *,
    endpoint_id: UUID | None,
    state: str | None,
    before: tuple[int, UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Newest first: by position descending (then endpoint)."""
    position, after_endpoint = before if before is not None else (None, None)
    return list(
        await connection.fetch(
            _DELIVERIES, owner, endpoint_id, state, position, after_endpoint, limit
        )
    )


async def attempts(
    connection: asyncpg.Connection, delivery_ids: Sequence[UUID]
) -> dict[UUID, list[Attempt]]:
    found: dict[UUID, list[Attempt]] = {}
    for row in await connection.fetch(_ATTEMPTS, list(delivery_ids)):
        found.setdefault(row["delivery_id"], []).append(Attempt(**dict(row)))
    return found


async def redeliver(
    connection: asyncpg.Connection, delivery_id: UUID, owner: str | None
) -> asyncpg.Record:
    """Send a delivery again (same ``webhook-id``), as soon as its stream allows."""
    async with connection.transaction():
        row = await connection.fetchrow(_REDELIVER, delivery_id, owner)
        if row is None:
            raise EndpointNotFound(f"no delivery {delivery_id}")
        await wake(connection)
    return row


async def wake(connection: asyncpg.Connection) -> None:
    await connection.execute("SELECT pg_notify($1, 'wake')", WAKE_CHANNEL)


def _found(row: asyncpg.Record | None, endpoint_id: UUID) -> asyncpg.Record:
    if row is None:
        raise EndpointNotFound(f"no webhook endpoint {endpoint_id}")
    return row
