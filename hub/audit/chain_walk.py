"""The streaming walk over the log that ``hub audit verify`` runs, and the first break it meets.

Per row, in position order: the position follows the previous one, ``prev_hash`` is the
previous row's hash, the hash recomputes from the row (docs/event-log.md), the stream's
version is one more than its previous event's, ``recorded_at`` does not go back, and, where
an auditor kept a head hash, the row at that position still has it.

Only the hash check needs a row's content, and it needs nothing else
(hub/audit/row_hashes.py). With worker processes reading the same snapshot
(hub/audit/hash_workers.py), the walk reads just the chain's columns (position, stream,
version, time, the two hashes) and takes from the workers, for each page, the first position
whose hash does not recompute; without them, it reads the full rows and recomputes the
hashes itself. Producer tasks read the next pages while a thread checks the current one, so
memory stays bounded: a page or two of rows plus one integer per stream seen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter

import asyncpg

from hub.audit.hash_workers import HashWorkers
from hub.audit.row_hashes import (
    MICROS_1970_TO_2000,
    ROW_COLUMNS,
    ROWS_BETWEEN,
    Row,
    first_unrecomputed,
)

PAGE_SIZE = 5_000

_CHAIN_ROWS = """
SELECT position, stream_id, stream_version, recorded_at, prev_hash, hash
FROM events
WHERE position > $1 AND position <= $2
ORDER BY position
"""
_CHAIN_OF_ROW = itemgetter(0, 1, 3, 8, 9, 10)  # the same columns out of ROW_COLUMNS
_ROW_AT = f"SELECT {ROW_COLUMNS} FROM events WHERE position = $1"
_VERSIONS_BEFORE = """
SELECT stream_id, max(stream_version) FROM events
WHERE stream_id = ANY($1::text[]) AND position <= $2
GROUP BY stream_id
"""


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
    row: Row | None  # the stored row (ROW_COLUMNS), None when the log ends early
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


def check_page(rows: Iterable[Row], state: WalkState, unhashed: int | None) -> Break | None:
    """Check chain rows in order, advancing ``state``; the first failure stops the walk.

    ``unhashed`` is the first position of the page whose hash does not recompute (None if
    every one does); the returned break holds the chain row, not yet the full one.
    """
    versions = state.versions
    head = state.expected_head
    head_position = head.position if head else 0
    position, prev, last_micros = state.position, state.hash, state.micros
    checked = 0
    found: Break | None = None
    for row in rows:
        pos, sid, sver, stamp, prev_hash, digest = row
        position += 1
        micros = stamp + MICROS_1970_TO_2000
        base = versions.get(sid, 0)
        if pos != position:
            found = Break("position", position, row, prev, last_micros, base)
            break
        if prev_hash != prev:
            found = Break("prev_link", position, row, prev, last_micros, base)
            break
        if pos == unhashed:
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


def _check_in_process(rows: Sequence[Row], state: WalkState) -> Break | None:
    """Check full rows (``ROW_COLUMNS``), hashes included."""
    return check_page(map(_CHAIN_OF_ROW, rows), state, first_unrecomputed(rows))


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
    workers: HashWorkers | None = None,
) -> Break | None:
    """Walk positions after ``state.position`` (up to ``until``) inside the open transaction.

    The log is read in pages of consecutive positions; with ``readers`` (connections in the
    same snapshot), pages are read by several server processes in turn, and checked in
    order. With ``workers``, the hashes are recomputed by them. In a range that does not
    start at the beginning, each stream's version before the range is read (one indexed
    query per page, for the streams that reader has not seen yet).
    """
    after = state.position
    last = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
    if until is not None:
        last = min(last, until)
    pages = [(low, min(low + page_size, last)) for low in range(after, last, page_size)]
    if workers is not None:
        await workers.assign(pages)
    sources = [connection, *readers]
    query = ROWS_BETWEEN if workers is None else _CHAIN_ROWS
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
                rows = await source.fetch(query, low, high)
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
            if workers is None:
                found = await asyncio.to_thread(_check_in_process, rows, state)
            else:
                unhashed = await workers.first_unrecomputed(number, len(rows))
                found = await asyncio.to_thread(check_page, rows, state, unhashed)
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
    if found is not None and found.row is not None:
        found = replace(found, row=await connection.fetchrow(_ROW_AT, found.row[0]))
    return found
