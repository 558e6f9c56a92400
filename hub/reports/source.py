"""Reads the events a report is built from: everything up to one log position, in one
REPEATABLE READ snapshot, decoded by the hub's codec.

Only the streams a report can need are read: the project, its plan, the streams whose
first event names the project (deliverables, partner reports, payments, audits), its
activities, and every organisation (for names). La Collaborative's report reads the
schemes and their activities instead. Decoding runs in a thread: it is CPU work.

Events decoded without any person's key are kept by chain hash (``_DECODED``): the log is
first read as positions and hashes, and only the events not kept yet are read whole.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from domain.project import Project
from hub.event_codec import decode, personal_subjects
from hub.keyring import KeySet
from hub.reports.builders.fold import COLLABORATIVE_ID, Log, LoggedEvent, is_collaborative
from hub.reports.errors import invalid, not_found

_HEAD = "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1"
_AT = "SELECT position, hash, recorded_at FROM events WHERE position = $1"
_AT_TIME = (
    "SELECT position, hash, recorded_at FROM events WHERE recorded_at <= $1"
    " ORDER BY position DESC LIMIT 1"
)
_FIRST_OF_STREAM = "SELECT position FROM events WHERE stream_id = $1 AND stream_version = 1"
_PROJECT_BY_ACRONYM = (
    "SELECT stream_id, position FROM events WHERE stream_type = 'Project' AND stream_version = 1"
    " AND lower(payload ->> 'acronym') = lower($1)"
)
_SCHEMES = "SELECT stream_id FROM events WHERE stream_type = 'Scheme' AND stream_version = 1"
_COLUMNS = """position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, recorded_at, hash"""
_SELECTED = """
FROM events
WHERE position <= $1 AND stream_type = ANY($4::text[])
  AND (stream_id = ANY($2::text[])
       OR stream_type = ANY($3::text[])
       OR stream_id IN (SELECT stream_id FROM events
                        WHERE position <= $1 AND stream_version = 1
                          AND (payload ->> 'project_id' = ANY($2::text[])
                               OR payload ->> 'owner_id' = ANY($2::text[])))
       OR (stream_type = 'Evidence'
           AND stream_id IN (SELECT stream_id FROM events
                             WHERE position <= $1 AND stream_type = 'Evidence'
                               AND event_type = 'Evidence.Attached'
                               AND payload ->> 'project_id' = ANY($2::text[]))))
ORDER BY position
"""
_EVENTS = f"SELECT {_COLUMNS} {_SELECTED}"
_HASHES = f"SELECT position, hash {_SELECTED}"
_EVENTS_AT = f"SELECT {_COLUMNS} FROM events WHERE position = ANY($1::bigint[]) ORDER BY position"
ALL_STREAMS = ("Project", "Plan", "Organisation", "Deliverable", "PartnerReport", "Payment",
               "Audit", "Activity", "Scheme")  # fmt: skip
# The stream types each kind reads (the others are left out of the query). A document of
# the vault is read when it was attached to an entity of the project.
STREAMS_READ: dict[str, tuple[str, ...]] = {
    "poctefa-partner": ("Project", "Plan", "Organisation", "PartnerReport", "Payment", "Evidence"),
    "esf-participants": ("Project", "Plan", "Organisation", "Activity"),
    "erasmus-ka2": ("Project", "Plan", "Organisation", "Deliverable", "Activity"),
    "france-quebec-mobilities": ("Project", "Plan", "Organisation", "PartnerReport", "Activity"),
    "collaborative-schemes": ("Organisation", "Scheme", "Activity"),
}
_KEYS = "SELECT subject_id, key FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])"


async def resolve_project(connection: asyncpg.Connection, kind: str, project: str) -> UUID:
    """The project's id from its acronym or id (La Collaborative's fixed id for the
    schemes report); ReportError NOT_FOUND if the log has no such project."""
    project_id, _ = await _find_project(connection, kind, project)
    return project_id


async def _find_project(
    connection: asyncpg.Connection, kind: str, project: str
) -> tuple[UUID, int | None]:
    """``resolve_project``, with the position of the project's first event (None for La
    Collaborative, which has no stream)."""
    if kind == "collaborative-schemes":
        if not is_collaborative(project):
            raise invalid("the collaborative-schemes report is about 'La Collaborative'")
        return COLLABORATIVE_ID, None
    try:
        candidate = UUID(project)
    except ValueError:
        found = await connection.fetchrow(_PROJECT_BY_ACRONYM, project.strip())
        if found is not None:
            return UUID(found["stream_id"]), found["position"]
        candidate = Project.create_id(project)
    first = await connection.fetchval(_FIRST_OF_STREAM, str(candidate))
    if first is None:
        raise not_found(f"no project {project!r}")
    return candidate, first


async def read_log(
    pool: asyncpg.Pool,
    kind: str,
    project: str,
    as_of: int | datetime | None,
    personal_data: bool,
) -> Log:
    async with pool.acquire() as connection:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            project_id, first = await _find_project(connection, kind, project)
            position, head_hash, recorded_at = await _position(connection, as_of)
            if first is not None:
                if first > position:
                    raise invalid(f"{project!r} did not exist yet at position {position}")
                owners = [str(project_id)]
                types = ["Organisation"]
            else:
                owners = [row["stream_id"] for row in await connection.fetch(_SCHEMES)]
                types = ["Organisation", "Scheme"]
            selection = (position, owners, types, list(STREAMS_READ.get(kind, ALL_STREAMS)))
            if personal_data:
                rows, kept, keys = await _with_keys(connection, selection)
            else:
                rows, kept = await _unless_kept(connection, selection)
                keys = KeySet({})
    if any(event is None for event in kept):
        events = await asyncio.to_thread(_decode_all, rows, kept, keys)
    else:
        events = tuple(event for event in kept if event is not None)
    return Log(position, head_hash, recorded_at, project_id, events)


async def _position(
    connection: asyncpg.Connection, as_of: int | datetime | None
) -> tuple[int, str, datetime]:
    if isinstance(as_of, datetime):
        moment = as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=UTC)
        row = await connection.fetchrow(_AT_TIME, moment)
        if row is None:
            raise invalid(f"no event was recorded at or before {moment.isoformat()}")
    else:
        head = await connection.fetchrow(_HEAD)
        if head is None:
            raise not_found("the log is empty")
        if as_of is not None and not 1 <= as_of <= head["position"]:
            raise invalid(f"position {as_of} is outside the log (1 to {head['position']})")
        row = head if as_of is None else await connection.fetchrow(_AT, as_of)
    return row["position"], bytes(row["hash"]).hex(), row["recorded_at"]


# Events decoded without any person's key, by chain hash (which names one event of one log,
# whatever the database): a stored event never changes and, without keys, decodes the same
# way for ever (personal data stays an opaque envelope), so reports at any position share
# them. Decoding with keys is never kept: a person forgotten after a report must not stay
# readable in this process. An event that names no person decodes the same with keys or
# without, and is kept either way.
_DECODED: dict[bytes, LoggedEvent] = {}
_DECODED_LIMIT = 500_000
_Kept = list[LoggedEvent | None]


async def _unless_kept(
    connection: asyncpg.Connection, selection: tuple[Any, ...]
) -> tuple[list[Any], _Kept]:
    """The selected events: each one kept as ``kept`` (looked up now: the cache may be
    cleared before it is used), the others read whole, as ``rows`` (None where kept)."""
    hashes = await connection.fetch(_HASHES, *selection)
    kept = [_DECODED.get(row["hash"]) for row in hashes]
    missing = [row["position"] for row, event in zip(hashes, kept, strict=True) if event is None]
    found = iter(await connection.fetch(_EVENTS_AT, missing) if missing else ())
    return [next(found) if event is None else None for event in kept], kept


async def _with_keys(
    connection: asyncpg.Connection, selection: tuple[Any, ...]
) -> tuple[list[Any], _Kept, KeySet]:
    """The selected events read whole, the kept ones among those that name nobody, and
    the keys of the persons the others name."""
    rows = await connection.fetch(_EVENTS, *selection)
    named = [personal_subjects(row["payload"]) for row in rows]
    kept = [
        None if subjects else _DECODED.get(row["hash"])
        for row, subjects in zip(rows, named, strict=True)
    ]
    subjects = set().union(*named)
    if not subjects:
        return rows, kept, KeySet({})
    found = await connection.fetch(_KEYS, sorted(subjects))
    return rows, kept, KeySet({row["subject_id"]: bytes(row["key"]) for row in found})


def _decode_all(rows: list[Any], kept: _Kept, keys: KeySet) -> tuple[LoggedEvent, ...]:
    """The events in log order: as kept, or decoded from their row (and kept unless a
    person's key was used)."""
    if len(_DECODED) > _DECODED_LIMIT:
        _DECODED.clear()
    events = []
    for row, event in zip(rows, kept, strict=True):
        if event is None:
            event = _decode_row(row, keys)
            if not (keys.keys and personal_subjects(row["payload"])):
                _DECODED[bytes(row["hash"])] = event
        events.append(event)
    return tuple(events)


def _decode_row(row: Any, keys: KeySet) -> LoggedEvent:
    stream_id = UUID(row["stream_id"])
    event = decode(
        row["stream_type"],
        stream_id,
        row["stream_version"],
        row["recorded_at"],
        row["event_type"],
        row["schema_version"],
        row["payload"],
        keys,
    )
    return LoggedEvent(row["position"], row["stream_type"], stream_id, row["recorded_at"], event)
