"""Recomputes the hash chain over the stored rows, streaming, in constant memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg

from hub.canonical import GENESIS_HASH, chain_hash, content_hash

_PAGE = 5_000


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_position: int
    head_hash: bytes
    first_bad_position: int | None = None
    problem: str | None = None


async def _pages(
    connection: asyncpg.Connection, after: int, until: int | None
) -> AsyncIterator[list[asyncpg.Record]]:
    while True:
        rows = await connection.fetch(
            "SELECT position, stream_id, stream_type, stream_version, event_type, schema_version,"
            " payload, metadata, recorded_at, prev_hash, hash FROM events"
            " WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2)"
            " ORDER BY position LIMIT $3",
            after,
            until,
            _PAGE,
        )
        if not rows:
            return
        yield rows
        after = rows[-1]["position"]


async def verify_chain(
    connection: asyncpg.Connection, after: int = 0, until: int | None = None
) -> ChainReport:
    """Check positions are contiguous and every hash recomputes from its row and predecessor."""
    expected_prev = GENESIS_HASH
    if after > 0:
        expected_prev = await connection.fetchval(
            "SELECT hash FROM events WHERE position = $1", after
        )
        if expected_prev is None:
            return ChainReport(False, 0, after, b"", after, f"position {after} is missing")
    position, checked = after, 0
    async for rows in _pages(connection, after, until):
        for row in rows:
            position += 1
            problem = _row_problem(row, position, expected_prev)
            if problem:
                return ChainReport(False, checked, position - 1, expected_prev, position, problem)
            expected_prev = row["hash"]
            checked += 1
    return ChainReport(True, checked, position, expected_prev)


def _row_problem(row: asyncpg.Record, position: int, expected_prev: bytes) -> str | None:
    if row["position"] != position:
        return f"position {position} is missing (next stored position is {row['position']})"
    if row["prev_hash"] != expected_prev:
        return "prev_hash does not match the previous event's hash (deleted or reordered event)"
    digest = content_hash(
        row["stream_id"],
        row["stream_type"],
        row["event_type"],
        row["schema_version"],
        row["payload"],
        row["metadata"],
    )
    recomputed = chain_hash(
        row["prev_hash"], position, row["recorded_at"], row["stream_version"], digest
    )
    if recomputed != row["hash"]:
        return "hash does not match the row's content (changed payload, metadata or header)"
    return None
