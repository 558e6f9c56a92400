"""What a projection is: a name, a version, its tables, and how it applies events.

Handlers write plain SQL with unqualified table names: the runner sets ``search_path`` to
the schema of the generation being written (``read_<name>_g<n>``), so the same handlers
serve the live tables and a rebuild beside them. Readers query the views in schema
``read``, which point at the active generation.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import asyncpg

from hub.eventstore import RecordedEvent

Handler = Callable[[asyncpg.Connection, RecordedEvent], Awaitable[None]]
BatchHandler = Callable[[asyncpg.Connection, Sequence[RecordedEvent]], Awaitable[None]]
# (connection, after, last): apply the log positions after < position <= last
RangeHandler = Callable[[asyncpg.Connection, int, int], Awaitable[None]]

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Projection:
    """A read model. Give one of ``handlers`` (one call per event, in log order),
    ``apply_batch`` (one call per batch with the events of ``event_types`` in log order;
    the fast path: buffer rows and write them with executemany, unnest or COPY) or
    ``apply_range`` (one call per batch with its log positions: the projection reads the
    events itself, in SQL, and no event travels to Python; for read models that are a
    plain function of the events' columns).

    ``tables`` is the DDL run once per generation, inside the generation's schema.
    Bump ``version`` when the tables or handlers change: the runner rebuilds at start-up.
    """

    name: str
    version: int
    tables: str
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    apply_batch: BatchHandler | None = None
    event_types: Collection[str] | None = None
    apply_range: RangeHandler | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"projection name {self.name!r}: use [a-z][a-z0-9_], ≤ 40 chars")
        if self.version < 1:
            raise ValueError(f"projection {self.name}: version must be ≥ 1")
        given = [bool(self.handlers), self.apply_batch is not None, self.apply_range is not None]
        if given.count(True) != 1:
            raise ValueError(
                f"projection {self.name}: give one of handlers, apply_batch or apply_range"
            )

    @property
    def wanted_types(self) -> list[str] | None:
        """Event types to hand over; None: all of them."""
        if self.apply_range is not None:
            return []
        if self.handlers:
            return sorted(self.handlers)
        return None if self.event_types is None else sorted(self.event_types)

    async def apply(
        self,
        connection: asyncpg.Connection,
        events: Sequence[RecordedEvent],
        after: int,
        last: int,
    ) -> None:
        """Apply the log positions ``after < position <= last``, whose events of the wanted
        types are ``events``."""
        if self.apply_range is not None:
            await self.apply_range(connection, after, last)
        elif not events:
            return
        elif self.apply_batch is not None:
            await self.apply_batch(connection, events)
        else:
            for event in events:
                await self.handlers[event.event_type](connection, event)


def schema_name(name: str, generation: int) -> str:
    return f"read_{name}_g{generation}"


def schema_pattern(name: str) -> str:
    """A regular expression matching the schemas of every generation of ``name``."""
    return f"^read_{name}_g[0-9]+$"
