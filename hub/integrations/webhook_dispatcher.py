"""Turns the log into deliveries owed: reads the events after its checkpoint and, in the
same transaction as it advances the checkpoint, inserts one delivery per (endpoint, event)
the endpoint should receive. A crash rolls both back, so nothing is owed twice or skipped.

The dispatcher reads no further than the ``partnerships`` read model has applied: who may
see a project's finance is decided on it, and it must not lag behind the events judged.
An endpoint disabled when an event is dispatched is not owed that event.
"""

from __future__ import annotations

import uuid

import asyncpg

from hub.integrations.webhook_audience import Audience, EndpointFilter, finance_projects
from hub.integrations.webhook_store import WAKE_CHANNEL

BATCH_SIZE = 500
VISIBILITY_READ_MODEL = "partnerships"

PROJECT_OF_EVENT = """coalesce(e.payload->>'project_id',
    CASE WHEN e.stream_type = 'Project' THEN e.stream_id END,
    (SELECT f.payload->>'project_id' FROM events f
     WHERE f.stream_id = e.stream_id AND f.stream_version = 1))"""
_CHECKPOINT = "SELECT position FROM webhook_dispatch FOR UPDATE"
_LIMIT = """
SELECT least((SELECT coalesce(max(position), 0) FROM events),
             (SELECT coalesce(max(position), 0) FROM projection_checkpoints
              WHERE name = $1 AND active))
"""
_EVENTS = f"""
SELECT e.position, e.stream_id, e.stream_type, e.event_type, {PROJECT_OF_EVENT} AS project_id
FROM events e WHERE e.position > $1 AND e.position <= $2 ORDER BY e.position LIMIT $3
"""
_ENDPOINTS = """
SELECT w.endpoint_id, w.after_position, w.event_types, w.project_ids,
       c.client_id, c.organisation, c.scopes, c.restrictions, c.disabled_at
FROM webhook_endpoints w JOIN oauth_clients c USING (client_id)
WHERE w.enabled AND w.after_position < $1
"""
_OWE = """
INSERT INTO webhook_deliveries (delivery_id, endpoint_id, position, stream_id, event_type)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[])
ON CONFLICT (endpoint_id, position) DO NOTHING
"""
_ADVANCE = "UPDATE webhook_dispatch SET position = $1"


async def dispatch_batch(connection: asyncpg.Connection) -> int:
    """One batch: how many events it judged (0 when caught up)."""
    async with connection.transaction():
        checkpoint = await connection.fetchval(_CHECKPOINT)
        limit = await connection.fetchval(_LIMIT, VISIBILITY_READ_MODEL)
        events = await connection.fetch(_EVENTS, checkpoint, limit, BATCH_SIZE)
        if not events:
            return 0
        filters = await _filters(connection, events[-1]["position"])
        owed = [
            (uuid.uuid4(), f.endpoint_id, e["position"], e["stream_id"], e["event_type"])
            for e in events
            for f in filters
            if f.wants(e["position"], e["stream_type"], e["event_type"], e["project_id"])
        ]
        if owed:
            await connection.execute(_OWE, *(list(column) for column in zip(*owed, strict=True)))
            await connection.execute("SELECT pg_notify($1, 'owed')", WAKE_CHANNEL)
        await connection.execute(_ADVANCE, events[-1]["position"])
    return len(events)


async def _filters(connection: asyncpg.Connection, last: int) -> list[EndpointFilter]:
    filters = []
    finance_cache: dict[str, frozenset[str] | None] = {}
    for row in await connection.fetch(_ENDPOINTS, last):
        audience = Audience.from_row(row)
        if not audience.receives_anything:
            continue
        hidden = audience.hidden_stream_types()
        finance = None
        if audience.has("finance:read"):
            if audience.client_id not in finance_cache:
                visible = await finance_projects(connection, audience)
                finance_cache[audience.client_id] = (
                    None if visible is None else frozenset(str(p) for p in visible)
                )
            finance = finance_cache[audience.client_id]
        filters.append(
            EndpointFilter(
                endpoint_id=row["endpoint_id"],
                after_position=row["after_position"],
                event_types=frozenset(row["event_types"]),
                project_ids=frozenset(str(p) for p in row["project_ids"]),
                hidden=hidden,
                finance_projects=finance,
            )
        )
    return filters
