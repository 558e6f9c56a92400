"""Inclusion and consistency proofs over the stored tree, as the JSON the verifier reads.

Hashes are lowercase hex. A proof defaults to the size of the latest checkpoint, so it can
be checked against a signed root; without any checkpoint, to the current log size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from hub.audit import merkle, tree_store
from hub.audit.checkpoints import CheckpointRequestError, latest_checkpoint


@dataclass(frozen=True)
class InclusionProof:
    position: int
    tree_size: int
    event_hash: bytes
    root_hash: bytes
    path: list[bytes]

    def as_json(self) -> dict[str, Any]:
        return {
            "type": "inclusion",
            "position": self.position,
            "leaf_index": self.position - 1,
            "tree_size": self.tree_size,
            "event_hash": self.event_hash.hex(),
            "root_hash": self.root_hash.hex(),
            "proof": [node.hex() for node in self.path],
        }


@dataclass(frozen=True)
class ConsistencyProof:
    from_size: int
    to_size: int
    old_root_hash: bytes
    new_root_hash: bytes
    path: list[bytes]

    def as_json(self) -> dict[str, Any]:
        return {
            "type": "consistency",
            "from_size": self.from_size,
            "to_size": self.to_size,
            "old_root_hash": self.old_root_hash.hex(),
            "new_root_hash": self.new_root_hash.hex(),
            "proof": [node.hex() for node in self.path],
        }


async def default_size(connection: asyncpg.Connection) -> int:
    latest = await latest_checkpoint(connection)
    return latest.tree_size if latest is not None else await tree_store.log_size(connection)


async def _checked_size(connection: asyncpg.Connection, size: int) -> None:
    available = await tree_store.log_size(connection)
    if size > available:
        raise CheckpointRequestError(f"tree size {size} is past the end of the log ({available})")
    await tree_store.extend(connection)


async def prove_inclusion(
    connection: asyncpg.Connection, position: int, tree_size: int | None = None
) -> InclusionProof:
    size = await default_size(connection) if tree_size is None else tree_size
    if not 1 <= position <= size:
        raise CheckpointRequestError(f"position {position} is not in a tree of size {size}")
    await _checked_size(connection, size)

    def run(subtree: merkle.Subtrees) -> tuple[bytes, list[bytes]]:
        return merkle.root(size, subtree), merkle.inclusion_proof(position - 1, size, subtree)

    root, path = await tree_store.compute(connection, run)
    event_hash = await connection.fetchval("SELECT hash FROM events WHERE position = $1", position)
    return InclusionProof(position, size, bytes(event_hash), root, path)


async def prove_consistency(
    connection: asyncpg.Connection, from_size: int, to_size: int | None = None
) -> ConsistencyProof:
    size = await default_size(connection) if to_size is None else to_size
    if not 1 <= from_size <= size:
        raise CheckpointRequestError(
            f"no consistency proof from size {from_size} to size {size} (need 1 ≤ from ≤ to)"
        )
    await _checked_size(connection, size)

    def run(subtree: merkle.Subtrees) -> tuple[bytes, bytes, list[bytes]]:
        return (
            merkle.root(from_size, subtree),
            merkle.root(size, subtree),
            merkle.consistency_proof(from_size, size, subtree),
        )

    old_root, new_root, path = await tree_store.compute(connection, run)
    return ConsistencyProof(from_size, size, old_root, new_root, path)
