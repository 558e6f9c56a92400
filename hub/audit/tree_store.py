"""The Merkle tree of the log, kept in ``audit_merkle_nodes`` so roots and proofs stay cheap.

Stored: the hash of every complete, aligned subtree of 2^8 leaves or more (level 8, 9, …),
about n/128 rows for n events. ``extend`` appends the subtrees the log has completed since
the last call (reading only those events). A root or proof over any size then needs the
O(log n) stored subtrees the RFC 9162 recursion reaches, plus the leaves of the ranges
below 256 leaves or past the stored part: at most a few chunks of 256 chain hashes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TypeVar

import asyncpg

from hub.audit import merkle

CHUNK_LEVEL = 8
CHUNK = 1 << CHUNK_LEVEL
_EXTEND_PAGE_CHUNKS = 64
_TREE_LOCK = 7283010005  # serialises `extend` between processes

T = TypeVar("T")

LEVEL_COUNT = "SELECT coalesce(max(index) + 1, 0) FROM audit_merkle_nodes WHERE level = $1"
LOG_SIZE = "SELECT coalesce(max(position), 0) FROM events"
LEAVES = (
    "SELECT position, hash FROM events WHERE position > $1 AND position <= $2 ORDER BY position"
)
LEAVES_AT = "SELECT position, hash FROM events WHERE position = ANY($1::bigint[])"
NODES_FROM = (
    "SELECT index, hash FROM audit_merkle_nodes WHERE level = $1 AND index >= $2 ORDER BY index"
)
NODES_AT = """
SELECT n.level, n.index, n.hash FROM audit_merkle_nodes n
JOIN unnest($1::smallint[], $2::bigint[]) AS wanted(level, index)
  ON n.level = wanted.level AND n.index = wanted.index"""
INSERT_NODES = """
INSERT INTO audit_merkle_nodes (level, index, hash)
SELECT $1, index, hash FROM unnest($2::bigint[], $3::bytea[]) AS t(index, hash)
ON CONFLICT DO NOTHING"""


async def log_size(connection: asyncpg.Connection) -> int:
    return int(await connection.fetchval(LOG_SIZE))


async def covered_leaves(connection: asyncpg.Connection) -> int:
    """How many leaves the stored chunks cover (a multiple of 256)."""
    return int(await connection.fetchval(LEVEL_COUNT, CHUNK_LEVEL)) * CHUNK


async def extend(connection: asyncpg.Connection) -> int:
    """Store the subtrees completed since the last call; return the leaves now covered."""
    if await covered_leaves(connection) + CHUNK > await log_size(connection):
        return await covered_leaves(connection)
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _TREE_LOCK)
        covered, size = await covered_leaves(connection), await log_size(connection)
        while covered + CHUNK <= size:
            end = min(size - size % CHUNK, covered + CHUNK * _EXTEND_PAGE_CHUNKS)
            await _store_chunks(connection, covered, end)
            await _store_parents(connection)
            covered = end
        return covered


async def _store_chunks(connection: asyncpg.Connection, start: int, end: int) -> None:
    rows = await connection.fetch(LEAVES, start, end)
    if len(rows) != end - start or (rows and rows[-1]["position"] != end):
        raise merkle.ProofError(f"the log has a gap between positions {start + 1} and {end}")
    hashes = [bytes(row["hash"]) for row in rows]
    chunks = await asyncio.to_thread(_chunk_hashes, hashes)
    first = start // CHUNK
    await connection.execute(
        INSERT_NODES, CHUNK_LEVEL, list(range(first, first + len(chunks))), chunks
    )


def _chunk_hashes(leaves: list[bytes]) -> list[bytes]:
    return [merkle.leaf_range_hash(leaves[i : i + CHUNK]) for i in range(0, len(leaves), CHUNK)]


async def _store_parents(connection: asyncpg.Connection) -> None:
    """Complete the levels above 8: a parent is stored once both its children are."""
    level = CHUNK_LEVEL + 1
    while True:
        have = int(await connection.fetchval(LEVEL_COUNT, level))
        children = await connection.fetch(NODES_FROM, level - 1, 2 * have)
        pairs = len(children) // 2
        if pairs == 0:
            return
        hashes = [
            merkle.node_hash(children[2 * i]["hash"], children[2 * i + 1]["hash"])
            for i in range(pairs)
        ]
        await connection.execute(INSERT_NODES, level, list(range(have, have + pairs)), hashes)
        level += 1


async def compute(connection: asyncpg.Connection, algorithm: Callable[[merkle.Subtrees], T]) -> T:
    """Run a root or proof algorithm of hub.audit.merkle over the stored tree, fetching every
    stored node and leaf it needs in two queries."""
    ranges = merkle.needed_ranges(algorithm)
    covered = await covered_leaves(connection)
    nodes: set[tuple[int, int]] = set()
    leaves: set[int] = set()
    for start, end in ranges:
        _pieces(start, end, covered, nodes, leaves)
    stored = await _fetch_nodes(connection, nodes)
    leaf_values = await _fetch_leaves(connection, leaves)

    def subtree(start: int, end: int) -> bytes:
        return _range_hash(start, end, covered, stored, leaf_values)

    return algorithm(subtree)


def _stored(start: int, end: int, covered: int) -> tuple[int, int] | None:
    size = end - start
    if size >= CHUNK and size & (size - 1) == 0 and start % size == 0 and end <= covered:
        level = size.bit_length() - 1
        return level, start >> level
    return None


def _pieces(
    start: int, end: int, covered: int, nodes: set[tuple[int, int]], leaves: set[int]
) -> None:
    node = _stored(start, end, covered)
    if node is not None:
        nodes.add(node)
    elif end - start <= CHUNK:
        leaves.update(range(start, end))
    else:
        k = merkle.split_point(end - start)
        _pieces(start, start + k, covered, nodes, leaves)
        _pieces(start + k, end, covered, nodes, leaves)


def _range_hash(
    start: int,
    end: int,
    covered: int,
    stored: dict[tuple[int, int], bytes],
    leaves: dict[int, bytes],
) -> bytes:
    node = _stored(start, end, covered)
    if node is not None:
        return stored[node]
    if end - start <= CHUNK:
        return merkle.leaf_range_hash([leaves[i] for i in range(start, end)])
    k = merkle.split_point(end - start)
    left = _range_hash(start, start + k, covered, stored, leaves)
    return merkle.node_hash(left, _range_hash(start + k, end, covered, stored, leaves))


async def _fetch_nodes(
    connection: asyncpg.Connection, wanted: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], bytes]:
    pairs = sorted(wanted)
    rows = await connection.fetch(NODES_AT, [p[0] for p in pairs], [p[1] for p in pairs])
    found = {(row["level"], row["index"]): bytes(row["hash"]) for row in rows}
    if len(found) != len(pairs):
        raise merkle.ProofError("stored Merkle nodes are missing; the tree must be rebuilt")
    return found


async def _fetch_leaves(connection: asyncpg.Connection, wanted: set[int]) -> dict[int, bytes]:
    """Leaf i is the chain hash of position i + 1."""
    rows = await connection.fetch(LEAVES_AT, sorted(i + 1 for i in wanted))
    found = {row["position"] - 1: bytes(row["hash"]) for row in rows}
    if len(found) != len(wanted):
        raise merkle.ProofError("the tree reaches past the end of the log")
    return found
