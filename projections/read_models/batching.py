"""Projections built from per-event handlers, applied through ``apply_batch``.

Every batch starts with ``SET LOCAL synchronous_commit = off``: a read model is a pure
function of the durable log, and its checkpoint commits in the same transaction, so a
server crash can only lose the last batches together with their checkpoints; the runner
then applies them again. Not waiting for the WAL flush of every batch keeps the lag from
append to visibility low when nine read models commit one after another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import asyncpg

from hub.eventstore import RecordedEvent
from projections.projection import BatchHandler, Handler, Projection

RELAXED_COMMIT = "SET LOCAL synchronous_commit = off"


def relaxed(apply_batch: BatchHandler) -> BatchHandler:
    async def apply(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
        await connection.execute(RELAXED_COMMIT)
        await apply_batch(connection, events)

    return apply


def dispatching(handlers: Mapping[str, Handler]) -> BatchHandler:
    async def apply(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            await handlers[event.event_type](connection, event)

    return apply


def per_event(name: str, version: int, tables: str, handlers: Mapping[str, Handler]) -> Projection:
    """A projection whose handlers see one event at a time, in log order."""
    return Projection(
        name, version, tables, apply_batch=relaxed(dispatching(handlers)), event_types=handlers
    )
