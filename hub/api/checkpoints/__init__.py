"""Signed checkpoints of the log and the Merkle proofs that check against them."""

from hub.api.checkpoints.queries import CheckpointQueries
from hub.api.checkpoints.types import AuditCheckpoint, ConsistencyProof, InclusionProof

QUERIES: tuple[type, ...] = (CheckpointQueries,)
TYPES: tuple[type, ...] = (AuditCheckpoint, InclusionProof, ConsistencyProof)
