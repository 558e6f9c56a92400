"""GraphQL types of checkpoints and proofs; hashes are lowercase hex (docs/audit.md)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.api.scalars import BigInt
from hub.audit import proofs
from hub.audit.checkpoints import StoredCheckpoint


@strawberry.type(description="A signed statement of the log's Merkle root at some size.")
class AuditCheckpoint:
    id: strawberry.ID
    origin: str
    tree_size: BigInt = strawberry.field(description="How many events the tree covers.")
    root_hash: str = strawberry.field(description="RFC 9162 Merkle root, hex.")
    signed_at: datetime
    key_name: str
    note: str = strawberry.field(
        description="The checkpoint as a C2SP signed note, exactly as signed."
    )

    @classmethod
    def from_stored(cls, stored: StoredCheckpoint) -> AuditCheckpoint:
        return cls(
            id=strawberry.ID(str(stored.id)),
            origin=stored.origin,
            tree_size=BigInt(stored.tree_size),
            root_hash=stored.root_hash.hex(),
            signed_at=stored.signed_at,
            key_name=stored.key_name,
            note=stored.note,
        )


@strawberry.type(description="RFC 9162 inclusion proof of an event in a tree of some size.")
class InclusionProof:
    position: BigInt
    leaf_index: BigInt = strawberry.field(description="position − 1")
    tree_size: BigInt
    event_hash: str = strawberry.field(description="The event's chain hash: the leaf.")
    root_hash: str
    proof: list[str] = strawberry.field(description="The audit path, innermost first.")

    @classmethod
    def from_proof(cls, proof: proofs.InclusionProof) -> InclusionProof:
        return cls(
            position=BigInt(proof.position),
            leaf_index=BigInt(proof.position - 1),
            tree_size=BigInt(proof.tree_size),
            event_hash=proof.event_hash.hex(),
            root_hash=proof.root_hash.hex(),
            proof=[node.hex() for node in proof.path],
        )


@strawberry.type(description="RFC 9162 consistency proof: a tree extends an older one.")
class ConsistencyProof:
    from_size: BigInt
    to_size: BigInt
    old_root_hash: str
    new_root_hash: str
    proof: list[str]

    @classmethod
    def from_proof(cls, proof: proofs.ConsistencyProof) -> ConsistencyProof:
        return cls(
            from_size=BigInt(proof.from_size),
            to_size=BigInt(proof.to_size),
            old_root_hash=proof.old_root_hash.hex(),
            new_root_hash=proof.new_root_hash.hex(),
            proof=[node.hex() for node in proof.path],
        )
