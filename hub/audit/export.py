"""Exports the log up to a position as JSON Lines, with a checkpoint signed for that size.

The folder holds ``events.jsonl`` (one event per line: every column the chain covers,
hashes in hex, ``recorded_at`` in RFC 3339 UTC to the microsecond), ``checkpoint.txt``
(the signed note) and ``verifier-key.txt``; ``verify_offline.py`` checks all of it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from hub.audit import tree_store
from hub.audit.checkpoints import CheckpointRequestError, StoredCheckpoint, sign_checkpoint
from hub.audit.signing_key import signing_key
from hub.log_moments import NotAPointOfTheLog, position_or_moment

EVENTS_FILE = "events.jsonl"
CHECKPOINT_FILE = "checkpoint.txt"
KEY_FILE = "verifier-key.txt"
_PAGE = 5_000

ROWS = """
SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload, metadata, recorded_at, prev_hash, hash
FROM events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3"""
POSITION_AT = "SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= $1"


@dataclass(frozen=True)
class Export:
    folder: Path
    events: int
    checkpoint: StoredCheckpoint


async def position_until(connection: asyncpg.Connection, until: str) -> int:
    """``until`` is a position, or an ISO 8601 time with its offset (the last event then).

    An export holds at least one event: position 0, or a time before the first event, is
    refused before anything is written or signed (a checkpoint of size 0 would otherwise
    become the latest one, the size proofs default to)."""
    try:
        point = position_or_moment(until, offset_required=True)
    except NotAPointOfTheLog as error:
        raise CheckpointRequestError(f"--until {error}") from None
    if isinstance(point, int):
        position = point
        size = await tree_store.log_size(connection)
        if position == 0:
            raise CheckpointRequestError("position 0 is not in the log (positions start at 1)")
        if position > size:
            raise CheckpointRequestError(f"position {position} is past the end of the log ({size})")
        return position
    position = int(await connection.fetchval(POSITION_AT, point))
    if position == 0:
        raise CheckpointRequestError(f"no event was recorded at or before {until}")
    return position


def event_line(row: asyncpg.Record) -> bytes:
    event: dict[str, Any] = dict(row)
    event["recorded_at"] = row["recorded_at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    event["prev_hash"] = bytes(row["prev_hash"]).hex()
    event["hash"] = bytes(row["hash"]).hex()
    return orjson.dumps(event) + b"\n"


def _prepare(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CheckpointRequestError(f"{folder} exists and is not an empty folder")
    folder.mkdir(parents=True, exist_ok=True)


async def export_log(
    connection: asyncpg.Connection, origin: str, until: int, folder: Path
) -> Export:
    await asyncio.to_thread(_prepare, folder)
    checkpoint = await sign_checkpoint(connection, origin, until)
    key = await signing_key(connection, origin)
    written = 0
    with (folder / EVENTS_FILE).open("wb") as output:
        while written < until:
            rows = await connection.fetch(ROWS, written, until, _PAGE)
            await asyncio.to_thread(output.write, b"".join(event_line(row) for row in rows))
            written = rows[-1]["position"]
    await asyncio.to_thread((folder / CHECKPOINT_FILE).write_text, checkpoint.note)
    await asyncio.to_thread((folder / KEY_FILE).write_text, key.verifier.encoded() + "\n")
    return Export(folder, written, checkpoint)
