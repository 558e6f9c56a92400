"""The command bus: runs a command's handler, saves the result with the caller's metadata.

A handler re-reads and re-decides from scratch, so on a concurrency conflict the bus
simply runs it again (up to RETRIES more times): the decision is always taken against
the state it is appended after. A conflict on a stream the command creates means the
stream already exists. A repeated idempotency key returns the first result without
deciding again; the same key on a different command is refused.
"""

from __future__ import annotations

from uuid import UUID

from hub.commands import Command
from hub.eventstore import AppendResult
from hub.handlers.context import CommandContext, CommandResult
from hub.handlers.errors import AggregateAlreadyExists, UnknownCommand
from hub.handlers.repository import Repository, stream_type_of
from hub.handlers.session import Handler, Session
from hub.store_errors import ConcurrencyError, IdempotencyKeyReused

RETRIES = 3


class CommandBus:
    def __init__(self, repository: Repository, handlers: dict[type[Command], Handler]) -> None:
        self.repository = repository
        self.handlers = handlers

    async def execute(self, command: Command, context: CommandContext) -> CommandResult:
        handler = self.handlers.get(type(command))
        if handler is None:
            raise UnknownCommand(type(command).__name__)
        key = context.idempotency_key
        first = await self.first_result(key, command) if key else None
        if first is not None:
            return first
        for attempt in range(RETRIES + 1):
            try:
                return await self._attempt(handler, command, context)
            except ConcurrencyError:
                if attempt == RETRIES:
                    raise
            except IdempotencyKeyReused:  # a twin request got there first
                first = await self.first_result(key, command) if key else None
                if first is None:
                    raise
                return first
        raise AssertionError("unreachable")

    async def _attempt(
        self, handler: Handler, command: Command, context: CommandContext
    ) -> CommandResult:
        session = Session(self.repository, context)
        aggregate = await handler(command, session)
        metadata = context.metadata(type(command).__name__)
        try:
            appended = await self.repository.save(aggregate, metadata)
        except ConcurrencyError as conflict:
            if conflict.expected == 0:
                stream_type = stream_type_of(type(aggregate))
                raise AggregateAlreadyExists(stream_type, aggregate.id) from None
            raise
        if appended is None:
            position = session.position_of(aggregate.id)
            return CommandResult(aggregate.id, aggregate.version, position)
        return _result(appended)

    async def first_result(self, key: str, command: Command) -> CommandResult | None:
        """The result of the first command that used ``key``, if any."""
        row = await self.repository.store.pool.fetchrow(
            "SELECT i.stream_id, i.first_position, i.last_position, i.stream_version,"
            " e.metadata ->> 'command' AS command FROM event_idempotency i"
            " JOIN events e ON e.position = i.first_position WHERE i.idempotency_key = $1",
            key,
        )
        if row is None:
            return None
        if row["command"] != type(command).__name__:
            raise IdempotencyKeyReused(key, row["stream_id"])
        positions = tuple(range(row["first_position"], row["last_position"] + 1))
        return CommandResult(
            UUID(row["stream_id"]), row["stream_version"], positions[-1], positions, True
        )


def _result(appended: AppendResult) -> CommandResult:
    return CommandResult(
        UUID(appended.stream_id),
        appended.stream_version,
        appended.last_position,
        tuple(appended.positions),
        appended.duplicate,
    )
