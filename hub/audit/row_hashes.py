"""Whether each stored row's hash recomputes from the row's own columns.

A row's hash covers its stored ``prev_hash``, position, time, stream version and content
(docs/event-log.md), so this check needs nothing but the row: rows can be checked in any
order, by any process. Whether ``prev_hash`` is the previous row's hash is the walk's
business (hub/audit/chain_walk.py).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from typing import Any

import orjson

from hub.audit.canonical_text import reference_canonical

# PostgreSQL's binary timestamps count microseconds from 2000-01-01; the chain from 1970.
MICROS_1970_TO_2000 = 946_684_800_000_000

# Read on a verification connection (hub/audit/connections.py): recorded_at in µs since 2000.
ROW_COLUMNS = """position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload::text, metadata::text, recorded_at, prev_hash, hash"""
ROWS_BETWEEN = f"""
SELECT {ROW_COLUMNS}
FROM events
WHERE position > $1 AND position <= $2
ORDER BY position
"""
_HEADER = struct.Struct(">qqi")
_SORTED = orjson.OPT_SORT_KEYS

Row = Sequence[Any]


def micros_1970(row: Row) -> int:
    return int(row[8]) + MICROS_1970_TO_2000


def row_hash(
    row: Row,
    *,
    prev_hash: bytes | None = None,
    position: int | None = None,
    micros: int | None = None,
    stream_version: int | None = None,
) -> bytes:
    """The chain hash of a stored row by the documented encoding, with columns overridable."""
    pos, sid, stype, sver, etype, schema, payload, metadata, _, prev, _ = row
    document = (
        b'{"event_type":'
        + orjson.dumps(etype)
        + b',"metadata":'
        + reference_canonical(metadata)
        + b',"payload":'
        + reference_canonical(payload)
        + b',"schema_version":'
        + str(schema).encode()
        + b',"stream_id":'
        + orjson.dumps(sid)
        + b',"stream_type":'
        + orjson.dumps(stype)
        + b"}"
    )
    header = _HEADER.pack(
        pos if position is None else position,
        micros_1970(row) if micros is None else micros,
        sver if stream_version is None else stream_version,
    )
    chained = prev if prev_hash is None else prev_hash
    return hashlib.sha256(chained + header + hashlib.sha256(document).digest()).digest()


def _matches_by_reference(row: Row) -> bool:
    try:
        return row_hash(row) == row[10]
    except ValueError:
        return False


def first_unrecomputed(rows: Sequence[Row]) -> int | None:
    """The position of the first row (``ROW_COLUMNS``) whose stored hash does not recompute.

    The canonical JSON comes from orjson (hub/audit/canonical_text.py); a row it does not
    confirm is judged again by the reference encoding before it is reported. The parts of
    the document that only depend on the event type, schema version or stream type are
    encoded once per value, and metadata once per run of rows that share it (the events of
    one append).
    """
    sha256 = hashlib.sha256
    pack = _HEADER.pack
    loads, dumps = orjson.loads, orjson.dumps
    encoded: dict[tuple[str, int, str], tuple[bytes, bytes, bytes]] = {}
    last_metadata, encoded_metadata = None, b""
    for row in rows:
        pos, sid, stype, sver, etype, schema, payload, metadata, stamp, prev_hash, digest = row
        parts = encoded.get((etype, schema, stype))
        if parts is None:
            parts = encoded[etype, schema, stype] = (
                b'{"event_type":' + dumps(etype) + b',"metadata":',
                b',"schema_version":' + str(schema).encode() + b',"stream_id":',
                b',"stream_type":' + dumps(stype) + b"}",
            )
        try:
            if metadata != last_metadata:
                encoded_metadata = dumps(loads(metadata), option=_SORTED)
                last_metadata = metadata
            document = b"".join(
                (
                    parts[0],
                    encoded_metadata,
                    b',"payload":',
                    dumps(loads(payload), option=_SORTED),
                    parts[1],
                    dumps(sid),
                    parts[2],
                )
            )
            header = pack(pos, stamp + MICROS_1970_TO_2000, sver)
            intact = sha256(prev_hash + header + sha256(document).digest()).digest() == digest
        except orjson.JSONDecodeError:
            intact = False
        if not intact and not _matches_by_reference(row):
            return pos  # type: ignore[no-any-return]
    return None
