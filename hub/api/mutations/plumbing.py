"""From a GraphQL request to the command bus and back.

``execute`` builds the command's context from the caller (actor and subject, organisation,
client id, on whose behalf), namespaces the idempotency key by client and subject (two
clients never share keys), checks ``expectedVersion`` atomically, runs the command on the
process's bus and waits, bounded by ``read_your_writes_timeout_ms``, for the named read
models to reach the position written.

``expectedVersion`` is checked when the handler loads the target stream, before the domain
decides; the append then expects that same version, so a change slipping in between makes
the append fail and the bus re-decide, which fails the check: the write happens only if
the entity was at ``expectedVersion``. A replayed idempotency key returns the first result
before any check.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

import strawberry
from eventsourcing.domain import Aggregate

from hub.api.context import Caller, Info
from hub.api.errors import NotFound
from hub.api.mutations.common import CommandInput, Conflict
from hub.api.scalars import BigInt
from hub.commands import Command
from hub.eventstore import AppendResult, Metadata
from hub.handlers import AggregateNotFound, CommandBus, CommandContext, CommandResult, Repository
from hub.observability.request_ids import current_request_id
from hub.store_errors import IdempotencyKeyReused
from projections.status import ProjectionTimeout, wait_for_position

A = TypeVar("A", bound=Aggregate)


class StaleVersion(Conflict):
    """The entity is not at the version the caller expected (not retried by the bus)."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"the entity is at version {current}, not {expected}", currentVersion=current
        )


def bus_of(info: Info) -> CommandBus:
    """The process's command bus (``hub.app.start_services``)."""
    bus: CommandBus = info.context.request.app.state.bus
    return bus


async def load(info: Info, cls: type[A], stream_id: UUID) -> A:
    """The aggregate as the event store has it now, or NOT_FOUND."""
    try:
        aggregate = await bus_of(info).repository.load(cls, stream_id)
    except AggregateNotFound:
        aggregate = None
    if aggregate is None:
        raise NotFound(f"no {cls.__name__} {stream_id}", id=str(stream_id))
    return aggregate


def command_context(caller: Caller, key: str | None, on_behalf_of: str | None) -> CommandContext:
    """The command's envelope; its correlation id is the HTTP request's id, so the events
    lead back to the request's log lines."""
    return CommandContext(
        actor=caller.subject,
        organisation=caller.organisation,
        client_id=caller.client_id,
        subject=caller.subject,
        idempotency_key=None if key is None else f"{caller.client_id}|{caller.subject}|{key}",
        on_behalf_of=on_behalf_of,
        correlation_id=current_request_id() or str(uuid.uuid4()),
    )


class VersionCheckingRepository(Repository):
    """Refuses to let a command decide on, or save, its target at another version."""

    def __init__(self, repository: Repository, target: UUID | None, expected: int) -> None:
        super().__init__(repository.store, repository.keyring)
        self.target, self.expected = target, expected

    async def read(self, cls: type[A], stream_id: UUID, as_of_position: int | None = None):  # type: ignore[no-untyped-def]
        aggregate, position = await super().read(cls, stream_id, as_of_position)
        if stream_id == self.target:
            self._check(0 if aggregate is None else aggregate.version)
        return aggregate, position

    async def save(self, aggregate: Aggregate, metadata: Metadata) -> AppendResult | None:
        self._check(aggregate.version - len(aggregate.pending_events))
        return await super().save(aggregate, metadata)

    def _check(self, current: int) -> None:
        if current != self.expected:
            raise StaleVersion(self.expected, current)


@dataclass(frozen=True)
class Written:
    result: CommandResult
    caught_up: bool

    @property
    def fields(self) -> dict[str, Any]:
        """The CommandPayload fields, to spread into a payload."""
        return {
            "id": strawberry.ID(str(self.result.stream_id)),
            "version": self.result.stream_version,
            "position": BigInt(self.result.position),
            "duplicate": self.result.duplicate,
            "unchanged": not self.result.positions,
            "read_models_caught_up": self.caught_up,
        }


async def execute(
    info: Info,
    command: Command,
    input: CommandInput,
    *,
    read_models: Collection[str],
    target: UUID | None = None,
    on_behalf_of: UUID | str | None = None,
) -> Written:
    """Run ``command`` for the caller; ``target`` is the stream ``expectedVersion`` names
    (None for a command creating its stream: then the new stream must be expected at 0)."""
    bus = bus_of(info)
    if input.expected_version is not None:
        checked = VersionCheckingRepository(bus.repository, target, input.expected_version)
        bus = CommandBus(checked, bus.handlers)
    behalf = None if on_behalf_of is None else str(on_behalf_of)
    context = command_context(info.context.caller, input.idempotency_key, behalf)
    try:
        result = await bus.execute(command, context)
    except AggregateNotFound as error:
        raise NotFound(str(error), id=str(error.stream_id)) from None
    except IdempotencyKeyReused:
        raise Conflict(
            "this idempotency key was already used for a different request",
            reason="idempotency_key_reused",
        ) from None
    return Written(result, await caught_up(info, read_models, result.position))


async def caught_up(info: Info, names: Collection[str], position: int) -> bool:
    """Wait for the read models to reach ``position``; False if they did not in time."""
    timeout = info.context.settings.read_your_writes_timeout_ms / 1000
    runner = getattr(info.context.request.app.state, "projections", None)
    try:
        await wait_for_position(runner or info.context.database.pool, names, position, timeout)
    except ProjectionTimeout:
        return False
    return True
