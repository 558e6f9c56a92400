"""What a handler works with while it decides one command: loads, the keyring, the caller."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from hub.handlers.context import CommandContext
from hub.handlers.errors import AggregateNotFound
from hub.handlers.repository import Repository, stream_type_of
from hub.keyring import PostgresKeyring

A = TypeVar("A", bound=Aggregate)


class Session:
    def __init__(self, repository: Repository, context: CommandContext) -> None:
        self.repository = repository
        self.context = context
        self._positions: dict[UUID, int] = {}

    @property
    def keyring(self) -> PostgresKeyring:
        return self.repository.keyring

    async def find(self, cls: type[A], stream_id: UUID) -> A | None:
        aggregate, position = await self.repository.read(cls, stream_id)
        self._positions[stream_id] = position
        return aggregate

    async def get(self, cls: type[A], stream_id: UUID) -> A:
        aggregate = await self.find(cls, stream_id)
        if aggregate is None:
            raise AggregateNotFound(stream_type_of(cls), stream_id)
        return aggregate

    def position_of(self, stream_id: UUID) -> int:
        """The position of the last event read from this stream (0 if never read)."""
        return self._positions.get(stream_id, 0)


# A handler loads what it needs, calls the domain and returns the aggregate to save.
Handler = Callable[[Any, Session], Awaitable[Aggregate]]
