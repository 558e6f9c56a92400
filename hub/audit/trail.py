"""An entity's trail, read from the log itself: every event of its stream, and every event
of another stream whose payload names it (``project_id``, ``organisation_id``,
``partner_id`` or ``owner_id``), in position order, with who asked for it.

The entity is named by its stream id, an organisation's name (any name it has borne) or a
project's acronym, case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

REFERENCE_FIELDS = ("project_id", "organisation_id", "partner_id", "owner_id")

_STREAM = "SELECT stream_type FROM events WHERE stream_id = $1 AND stream_version = 1"
_BY_NAME = """
SELECT DISTINCT stream_id, stream_type FROM events
WHERE (event_type IN ('Organisation.Registered', 'Organisation.Renamed')
       AND lower(payload->>'name') = lower($1))
   OR (event_type = 'Project.Registered' AND lower(payload->>'acronym') = lower($1))
ORDER BY stream_id
"""
_LABEL = """
SELECT coalesce(payload->>'acronym', payload->>'name') FROM events
WHERE stream_id = $1 AND event_type IN
      ('Organisation.Registered', 'Organisation.Renamed', 'Project.Registered')
ORDER BY position DESC LIMIT 1
"""
_TRAIL = """
SELECT position, recorded_at, stream_id, stream_type, stream_version, event_type, payload,
       metadata
FROM events
WHERE stream_id = $1
   OR payload->>'project_id' = $1 OR payload->>'organisation_id' = $1
   OR payload->>'partner_id' = $1 OR payload->>'owner_id' = $1
ORDER BY position
"""
_SUMMARY_WIDTH = 90


class UnknownEntity(LookupError):
    """Nothing in the log answers to the name, or more than one entity does."""


@dataclass(frozen=True)
class Entity:
    stream_id: str
    stream_type: str
    label: str | None


@dataclass(frozen=True)
class TrailEntry:
    position: int
    recorded_at: datetime
    stream_id: str
    stream_type: str
    stream_version: int
    event_type: str
    actor: str | None
    organisation: str | None
    client_id: str | None
    summary: str

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "recorded_at": self.recorded_at.isoformat()}


async def resolve(connection: asyncpg.Connection, name: str) -> Entity:
    stream_type = await connection.fetchval(_STREAM, name)
    if stream_type is not None:
        return Entity(name, stream_type, await connection.fetchval(_LABEL, name))
    matches = await connection.fetch(_BY_NAME, name.strip())
    if not matches:
        raise UnknownEntity(f"no stream id, organisation name or project acronym {name!r}")
    if len(matches) > 1:
        ids = ", ".join(f"{row['stream_type']} {row['stream_id']}" for row in matches)
        raise UnknownEntity(f"{name!r} names more than one entity ({ids}): give the stream id")
    stream_id = matches[0]["stream_id"]
    label = await connection.fetchval(_LABEL, stream_id)
    return Entity(stream_id, matches[0]["stream_type"], label)


async def trail(connection: asyncpg.Connection, entity: Entity) -> list[TrailEntry]:
    rows = await connection.fetch(_TRAIL, entity.stream_id)
    return [_entry(row) for row in rows]


def _entry(row: asyncpg.Record) -> TrailEntry:
    metadata = row["metadata"]
    return TrailEntry(
        position=row["position"],
        recorded_at=row["recorded_at"],
        stream_id=row["stream_id"],
        stream_type=row["stream_type"],
        stream_version=row["stream_version"],
        event_type=row["event_type"],
        actor=metadata.get("actor"),
        organisation=metadata.get("organisation"),
        client_id=metadata.get("client_id"),
        summary=summary(row["payload"]),
    )


def summary(payload: dict[str, Any]) -> str:
    """The payload's plain fields in one short line; personal data is never shown."""
    parts = []
    for key, value in payload.items():
        if isinstance(value, dict) and "$personal" in value:
            parts.append(f"{key}=[personal data]")
        elif isinstance(value, dict) and {"amount", "currency"} <= value.keys():
            parts.append(f"{key}={value['amount']} {value['currency']}")
        elif isinstance(value, str | int | bool) and key not in REFERENCE_FIELDS:
            parts.append(f"{key}={value}")
    text = ", ".join(parts)
    return text if len(text) <= _SUMMARY_WIDTH else text[: _SUMMARY_WIDTH - 1] + "…"
