"""The vault as the log records it: each document's attachments and lawful deletion,
folded from the ``Evidence`` events (plain SQL over the log, no read model: the partial
indexes of migrations/0007_evidence.sql keep it fast)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from domain.evidence import Evidence

_COLUMNS = "position, stream_id, event_type, payload, recorded_at"
ALL_EVENTS = f"SELECT {_COLUMNS} FROM events WHERE stream_type = 'Evidence' ORDER BY position"
STREAM_EVENTS = (
    f"SELECT {_COLUMNS} FROM events WHERE stream_type = 'Evidence' AND stream_id = ANY($1)"
    " ORDER BY position"
)
ENTITY_STREAMS = (
    "SELECT DISTINCT stream_id FROM events WHERE event_type = 'Evidence.Attached'"
    " AND payload ->> 'entity_kind' = $1 AND payload ->> 'entity_id' = $2"
)


@dataclass(frozen=True)
class Attachment:
    position: int
    entity_kind: str
    entity_id: str
    project_id: UUID | None
    partner_id: UUID | None
    file_name: str
    content_type: str
    size: int
    attached_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class Deletion:
    position: int
    deleted_on: date
    deadline: date
    rule: str
    years: int
    deleted_by: str


@dataclass
class DocumentRecord:
    """One document: every event citing it, its attachments, its deletion if it stands."""

    sha256: str
    stream_id: str
    citing: list[int] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    deletion: Deletion | None = None

    @property
    def project_ids(self) -> set[UUID]:
        return {a.project_id for a in self.attachments if a.project_id is not None}


async def all_documents(pool: asyncpg.Pool) -> list[DocumentRecord]:
    return fold(await pool.fetch(ALL_EVENTS))


async def documents_of(pool: asyncpg.Pool, stream_ids: list[str]) -> list[DocumentRecord]:
    return fold(await pool.fetch(STREAM_EVENTS, stream_ids)) if stream_ids else []


async def document(pool: asyncpg.Pool, sha256: str) -> DocumentRecord | None:
    found = await documents_of(pool, [str(Evidence.create_id(sha256))])
    return found[0] if found else None


async def entity_documents(pool: asyncpg.Pool, kind: str, entity_id: str) -> list[DocumentRecord]:
    rows = await pool.fetch(ENTITY_STREAMS, kind, entity_id)
    return await documents_of(pool, [row["stream_id"] for row in rows])


def fold(rows: Iterable[Any]) -> list[DocumentRecord]:
    records: dict[str, DocumentRecord] = {}
    for row in rows:
        payload = _payload(row["payload"])
        if row["event_type"] == "Evidence.Received":
            sha256 = payload["document"]["sha256"]
            records[row["stream_id"]] = DocumentRecord(sha256, row["stream_id"])
        record = records[row["stream_id"]]
        record.citing.append(row["position"])
        if row["event_type"] == "Evidence.Attached":
            record.attachments.append(_attachment(row, payload))
            record.deletion = None
        elif row["event_type"] == "Evidence.Deleted":
            record.deletion = _deletion(row["position"], payload)
    return list(records.values())


def _payload(value: Any) -> dict[str, Any]:
    return orjson.loads(value) if isinstance(value, str | bytes) else dict(value)


def _uuid(value: str | None) -> UUID | None:
    return None if value is None else UUID(value)


def _attachment(row: Any, payload: dict[str, Any]) -> Attachment:
    return Attachment(
        row["position"], payload["entity_kind"], payload["entity_id"],
        _uuid(payload["project_id"]), _uuid(payload["partner_id"]), payload["file_name"],
        payload["content_type"], payload["size"], payload["attached_by"], row["recorded_at"],
    )  # fmt: skip


def _deletion(position: int, payload: dict[str, Any]) -> Deletion:
    return Deletion(
        position, date.fromisoformat(payload["deleted_on"]),
        date.fromisoformat(payload["deadline"]), payload["rule"], payload["years"],
        payload["deleted_by"],
    )  # fmt: skip
