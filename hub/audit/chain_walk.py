"""The streaming walk over the log that ``hub audit verify`` runs, and the first break it meets.

Per row, in position order: the position follows the previous one, ``prev_hash`` is the
previous row's hash, the hash recomputes from the row (docs/event-log.md), the stream's
version is one more than its previous event's, ``recorded_at`` does not go back, and, where
an auditor kept a head hash, the row at that position still has it. A producer task reads
the next page from a server-side cursor while a worker thread checks the current one, so
the database and the hashing run side by side and memory stays bounded: a page or two of
rows plus one integer per stream seen.
"""

from __future__ import annotations

import asyncio
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import orjson

from hub.audit.canonical_text import reference_canonical

PAGE_SIZE = 10_000
# PostgreSQL's binary timestamps count microseconds from 2000-01-01; the chain from 1970.
MICROS_1970_TO_2000 = 946_684_800_000_000

ROW_COLUMNS = """position, stream_id, stream_type, stream_version, event_type, schema_version,
       payload::text, metadata::text, recorded_at, prev_hash, hash"""
_ROWS = f"""
SELECT {ROW_COLUMNS}
FROM events
WHERE position > $1 AND position <= $2
ORDER BY position
"""
_VERSIONS_BEFORE = """
SELECT stream_id, max(stream_version) FROM events
WHERE stream_id = ANY($1::text[]) AND position <= $2
GROUP BY stream_id
"""
_HEADER = struct.Struct(">qqi")
_SORTED = orjson.OPT_SORT_KEYS

Row = Sequence[Any]


@dataclass(frozen=True)
class ExpectedHead:
    """A position and the hash an earlier verification printed for it."""

    position: int
    hash: bytes


@dataclass(frozen=True)
class Break:
    """The first row (or the missing end of the log) where a check failed."""

    check: str  # position | prev_link | hash | stream_version | time_order | expected_head
    position: int  # the position the walk expected there
    row: Row | None  # the stored row, None when the log ends early
    expected_prev: bytes  # hash of the previous row
    previous_micros: int | None  # recorded_at of the previous row, µs since 1970
    stream_base: int = 0  # the stream's version before this row


@dataclass
class WalkState:
    position: int
    hash: bytes
    micros: int | None = None
    checked: int = 0
    versions: dict[str, int] = field(default_factory=dict)
    expected_head: ExpectedHead | None = None
    encoded: dict[Any, bytes] = field(default_factory=dict)  # event types, schemas, stream types


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


def check_page(rows: Sequence[Row], state: WalkState) -> Break | None:
    """Check ``rows`` in order, advancing ``state``; the first failure stops the walk."""
    sha256 = hashlib.sha256
    pack = _HEADER.pack
    loads, dumps = orjson.loads, orjson.dumps
    encoded, versions = state.encoded, state.versions
    head = state.expected_head
    head_position = head.position if head else 0
    position, prev, last_micros = state.position, state.hash, state.micros
    checked = 0
    found: Break | None = None
    last_metadata, encoded_metadata = None, b""
    for row in rows:
        pos, sid, stype, sver, etype, schema, payload, metadata, stamp, prev_hash, digest = row
        position += 1
        micros = stamp + MICROS_1970_TO_2000
        base = versions.get(sid, 0)
        if pos != position:
            found = Break("position", position, row, prev, last_micros, base)
            break
        if prev_hash != prev:
            found = Break("prev_link", position, row, prev, last_micros, base)
            break
        type_part = encoded.get(etype)
        if type_part is None:
            type_part = encoded[etype] = b'{"event_type":' + dumps(etype) + b',"metadata":'
        schema_part = encoded.get(schema)
        if schema_part is None:
            schema_part = encoded[schema] = (
                b',"schema_version":' + str(schema).encode() + b',"stream_id":'
            )
        stype_key = ("stream_type", stype)
        stype_part = encoded.get(stype_key)
        if stype_part is None:
            stype_part = encoded[stype_key] = b',"stream_type":' + dumps(stype) + b"}"
        try:
            if metadata != last_metadata:  # the events of one append share their metadata
                encoded_metadata = dumps(loads(metadata), option=_SORTED)
                last_metadata = metadata
            document = b"".join(
                (
                    type_part,
                    encoded_metadata,
                    b',"payload":',
                    dumps(loads(payload), option=_SORTED),
                    schema_part,
                    dumps(sid),
                    stype_part,
                )
            )
            computed = sha256(prev_hash + pack(pos, micros, sver) + sha256(document).digest())
            intact = computed.digest() == digest
        except orjson.JSONDecodeError:
            intact = False
        if not intact and not _matches_by_reference(row):
            found = Break("hash", position, row, prev, last_micros, base)
            break
        if sver != base + 1:
            found = Break("stream_version", position, row, prev, last_micros, base)
            break
        if last_micros is not None and micros < last_micros:
            found = Break("time_order", position, row, prev, last_micros, base)
            break
        if position == head_position and head is not None and digest != head.hash:
            found = Break("expected_head", position, row, prev, last_micros, base)
            break
        versions[sid] = sver
        prev, last_micros = digest, micros
        checked += 1
    state.position = position - 1 if found else position
    state.hash, state.micros = prev, last_micros
    state.checked += checked
    return found


async def _versions_before(
    connection: asyncpg.Connection, stream_ids: list[str], position: int
) -> dict[str, int]:
    rows = await connection.fetch(_VERSIONS_BEFORE, stream_ids, position)
    return {row[0]: row[1] for row in rows}


async def walk(
    connection: asyncpg.Connection,
    state: WalkState,
    until: int | None,
    page_size: int = PAGE_SIZE,
    readers: Sequence[asyncpg.Connection] = (),
) -> Break | None:
    """Walk positions after ``state.position`` (up to ``until``) inside the open transaction.

    The log is read in pages of consecutive positions; with ``readers`` (connections in the
    same snapshot), pages are read by several server processes in turn, and checked in
    order. In a range that does not start at the beginning, each stream's version before the
    range is read (one indexed query per page, for the streams that reader has not seen yet).
    """
    after = state.position
    last = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
    if until is not None:
        last = min(last, until)
    pages = [(low, min(low + page_size, last)) for low in range(after, last, page_size)]
    sources = [connection, *readers]
    queues: list[asyncio.Queue[tuple[list[Row], dict[str, int]] | None]] = [
        asyncio.Queue(maxsize=1) for _ in sources
    ]
    stop = asyncio.Event()

    async def produce(index: int) -> None:
        source, queue, seen = sources[index], queues[index], set[str]()
        try:
            for low, high in pages[index :: len(sources)]:
                if stop.is_set():
                    break
                rows = await source.fetch(_ROWS, low, high)
                bases: dict[str, int] = {}
                if after > 0 and rows:
                    fresh = list({row[1] for row in rows} - seen)
                    seen.update(fresh)
                    bases = await _versions_before(source, fresh, after)
                await queue.put((rows, bases))
        finally:
            await queue.put(None)

    producers = [asyncio.create_task(produce(index)) for index in range(len(sources))]
    found: Break | None = None
    try:
        for number in range(len(pages)):
            page = await queues[number % len(sources)].get()
            if page is None:  # its reader failed: the error is raised below
                break
            rows, bases = page
            for stream_id, base in bases.items():
                state.versions.setdefault(stream_id, base)
            found = await asyncio.to_thread(check_page, rows, state)
            if found:
                break
    finally:
        stop.set()
        while not all(producer.done() for producer in producers):
            for queue in queues:
                while not queue.empty():
                    queue.get_nowait()
            await asyncio.sleep(0.001)
        await asyncio.gather(*producers)
    return found
