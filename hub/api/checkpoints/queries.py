"""Checkpoints, proofs and the verifier key (scope audit:read).

A proof's size defaults to the latest checkpoint's, so it checks against a signed root;
a position or size outside the log is INVALID_INPUT.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import strawberry

from hub.api.checkpoints.types import AuditCheckpoint, ConsistencyProof, InclusionProof
from hub.api.context import Info
from hub.api.errors import InvalidInput
from hub.api.pagination import Connection, connection, cursor_key, page_size
from hub.api.permissions import require
from hub.api.scalars import BigInt
from hub.audit import checkpoints, proofs


@asynccontextmanager
async def audit_connection(info: Info) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection for a caller holding audit:read; bad sizes become INVALID_INPUT."""
    require(info, "audit:read")
    async with info.context.database.pool.acquire() as conn:
        try:
            yield conn
        except checkpoints.CheckpointRequestError as error:
            raise InvalidInput(str(error)) from None


@strawberry.type
class CheckpointQueries:
    @strawberry.field(description="The latest signed checkpoint (null before the first).")
    async def audit_checkpoint(self, info: Info) -> AuditCheckpoint | None:
        async with audit_connection(info) as conn:
            latest = await checkpoints.latest_checkpoint(conn)
        return None if latest is None else AuditCheckpoint.from_stored(latest)

    @strawberry.field(description="Every signed checkpoint, newest first.")
    async def audit_checkpoints(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AuditCheckpoint]:
        size = page_size(first, info.context.settings.graphql_max_page_size)
        [before] = cursor_key(after, int)
        async with audit_connection(info) as conn:
            rows = await checkpoints.checkpoints_before(conn, before, size + 1)
        return connection(
            rows, size, AuditCheckpoint.from_stored, lambda c: [c.id], after is not None
        )

    @strawberry.field(
        description="Proof that the event at `position` is in the tree of "
        "`treeSize` events (default: the latest checkpoint's size)."
    )
    async def inclusion_proof(
        self, info: Info, position: BigInt, tree_size: BigInt | None = None
    ) -> InclusionProof:
        async with audit_connection(info) as conn:
            proof = await proofs.prove_inclusion(conn, position, tree_size)
        return InclusionProof.from_proof(proof)

    @strawberry.field(
        description="Proof that the tree of `toSize` events (default: the "
        "latest checkpoint's size) extends the tree of `fromSize` events."
    )
    async def consistency_proof(
        self, info: Info, from_size: BigInt, to_size: BigInt | None = None
    ) -> ConsistencyProof:
        async with audit_connection(info) as conn:
            proof = await proofs.prove_consistency(conn, from_size, to_size)
        return ConsistencyProof.from_proof(proof)

    @strawberry.field(description="The checkpoints' verifier key, in signed-note vkey form.")
    async def audit_public_key(self, info: Info) -> str:
        async with audit_connection(info) as conn:
            key = await checkpoints.verifier_key(conn, info.context.settings.audit_origin)
        return key.encoded()
