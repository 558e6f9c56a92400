"""Applying one batch of the log to one generation, exactly once.

The batch is read, applied and checkpointed in one transaction on the connection that
holds the projection's advisory lock: a crash anywhere rolls all three back together.
When a handler raises, the batch is replayed one event at a time (a savepoint each) to
find the culprit; the events before it are kept and the checkpoint stops just before it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import asyncpg

from hub.eventstore import RecordedEvent
from projections import checkpoints
from projections.checkpoints import Checkpoint
from projections.event_cache import READ_AFTER, EventCache
from projections.projection import Projection

log = logging.getLogger(__name__)

CONNECTION_LOST = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    # a connection the server dropped mid-operation, left in a state asyncpg refuses
    asyncpg.exceptions.InternalClientError,
)


class ProjectionFailed(Exception):
    """A handler raised: the projection stopped just before the event it could not apply."""

    def __init__(self, name: str, position: int | None, event_type: str | None, error: str):
        super().__init__(error)
        self.name = name
        self.position = position
        self.event_type = event_type

    @classmethod
    def at(cls, name: str, event: RecordedEvent, error: Exception) -> ProjectionFailed:
        cause = f"{type(error).__name__}: {error}"
        message = f"projection {name} stopped at position {event.position} ({event.event_type})"
        return cls(name, event.position, event.event_type, f"{message}: {cause}")

    @classmethod
    def recorded(cls, checkpoint: Checkpoint) -> ProjectionFailed:
        error = checkpoint.error or f"projection {checkpoint.name} failed"
        return cls(checkpoint.name, checkpoint.failed_position, checkpoint.failed_event_type, error)


class _HandlerError(Exception):
    pass


async def apply_next_batch(
    connection: asyncpg.Connection,
    projection: Projection,
    schema: str,
    size: int,
    cache: EventCache | None = None,
) -> int:
    """Apply the events after the checkpoint of ``schema``; return how many log positions
    the checkpoint moved (0: nothing to do, or the generation has failed)."""
    try:
        async with connection.transaction():
            return await _apply(connection, projection, schema, size, cache, one_by_one=False)
    except _HandlerError:
        if connection.is_closed():
            raise
    async with connection.transaction():
        return await _apply(connection, projection, schema, size, cache, one_by_one=True)


async def _apply(
    connection: asyncpg.Connection,
    projection: Projection,
    schema: str,
    size: int,
    cache: EventCache | None,
    *,
    one_by_one: bool,
) -> int:
    checkpoint = await checkpoints.lock(connection, schema)
    if checkpoint is None or checkpoint.state == "failed":
        return 0
    await connection.execute("SELECT set_config('search_path', $1, true)", f'"{schema}", public')
    last, events = await read_batch(
        connection, checkpoint.position, size, projection.wanted_types, cache or EventCache(0)
    )
    if last is None:
        return 0
    if one_by_one:
        last = await _apply_singly(connection, projection, checkpoint, events, last)
    else:
        try:
            await projection.apply(connection, events, checkpoint.position, last)
        except CONNECTION_LOST:
            raise
        except Exception as error:
            log.warning("projection %s: batch failed, replaying one by one", projection.name)
            raise _HandlerError from error
    await checkpoints.advance(connection, checkpoint, last)
    return last - checkpoint.position


async def _apply_singly(
    connection: asyncpg.Connection,
    projection: Projection,
    checkpoint: Checkpoint,
    events: Sequence[RecordedEvent],
    last: int,
) -> int:
    """Apply events one at a time; on a failure keep those before it, record the failure,
    and return the position just before the failing event."""
    if projection.apply_range is not None:  # it reads the log itself: go position by position
        rows = await connection.fetch(READ_AFTER, checkpoint.position, last - checkpoint.position)
        events = [RecordedEvent(*row) for row in rows]
    for event in events:
        try:
            async with connection.transaction():
                await projection.apply(connection, [event], event.position - 1, event.position)
        except CONNECTION_LOST:
            raise
        except Exception as error:
            if connection.is_closed():
                raise
            return await _record_failure(connection, projection, checkpoint, event, error)
    return last


async def _record_failure(
    connection: asyncpg.Connection,
    projection: Projection,
    checkpoint: Checkpoint,
    event: RecordedEvent,
    error: Exception,
) -> int:
    failure = ProjectionFailed.at(projection.name, event, error)
    log.error("%s (generation %s)", failure, checkpoint.schema_name, exc_info=error)
    await checkpoints.mark_failed(
        connection, checkpoint.schema_name, str(failure), event.position, event.event_type
    )
    return event.position - 1


async def read_batch(
    connection: asyncpg.Connection,
    after: int,
    size: int,
    types: list[str] | None,
    cache: EventCache,
) -> tuple[int | None, list[RecordedEvent]]:
    """The events after ``after`` the projection wants, and the last position read."""
    wanted = None if types is None else frozenset(types)
    return await cache.wanted_after(connection, after, size, wanted)
