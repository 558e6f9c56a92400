"""Loads aggregates from the event store and saves their new events.

Loading reads the stream (up to a position, for reconstruction as of the past), fetches
the keys of the persons whose data it carries, decodes (upcasting old schema versions)
and folds. Saving creates missing personal-data keys, encodes, and appends with the
version the aggregate was loaded at, so a concurrent change raises ConcurrencyError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.catalogue import STREAM_TYPES, payload_fields
from domain.personal_data import PersonalData
from hub.event_codec import decode, encode, personal_subjects, reconstruct
from hub.eventstore import AppendResult, EventStore, Metadata, NewEvent, RecordedEvent
from hub.handlers.errors import AggregateNotFound
from hub.keyring import KeySet, PostgresKeyring

A = TypeVar("A", bound=Aggregate)
STREAM_NAMES: dict[type[Aggregate], str] = {cls: name for name, cls in STREAM_TYPES.items()}


def stream_type_of(cls: type[Aggregate]) -> str:
    return STREAM_NAMES[cls]


class Repository:
    def __init__(self, store: EventStore, keyring: PostgresKeyring) -> None:
        self.store = store
        self.keyring = keyring

    async def read(
        self, cls: type[A], stream_id: UUID, as_of_position: int | None = None
    ) -> tuple[A | None, int]:
        """The aggregate (None if it has no events yet) and its last event's position."""
        records = await self.store.read_stream(str(stream_id), up_to_position=as_of_position)
        if not records:
            return None, 0
        stream_type = stream_type_of(cls)
        if records[0].stream_type != stream_type:
            raise AggregateNotFound(stream_type, stream_id)
        aggregate = reconstruct(stream_type, await self._decode(stream_type, records))
        assert isinstance(aggregate, cls)
        return aggregate, records[-1].position

    async def load(
        self, cls: type[A], stream_id: UUID, as_of_position: int | None = None
    ) -> A | None:
        return (await self.read(cls, stream_id, as_of_position))[0]

    async def load_many(
        self, cls: type[A], stream_ids: Iterable[UUID], as_of_position: int | None = None
    ) -> dict[UUID, A]:
        """Several aggregates of one kind from one read of their streams and one fetch of
        the keys they need; streams without events yet or of another kind are left out."""
        records = await self.store.read_streams(
            [str(i) for i in stream_ids], up_to_position=as_of_position
        )
        stream_type = stream_type_of(cls)
        records = [r for r in records if r.stream_type == stream_type]
        events = await self._decode(stream_type, records)
        found: dict[UUID, A] = {}
        pairs = zip(records, events, strict=True)
        for stream_id, group in groupby(pairs, lambda pair: pair[0].stream_id):
            aggregate = reconstruct(stream_type, (event for _, event in group))
            assert isinstance(aggregate, cls)
            found[UUID(stream_id)] = aggregate
        return found

    async def get(self, cls: type[A], stream_id: UUID, as_of_position: int | None = None) -> A:
        aggregate = await self.load(cls, stream_id, as_of_position)
        if aggregate is None:
            raise AggregateNotFound(stream_type_of(cls), stream_id)
        return aggregate

    async def save(self, aggregate: Aggregate, metadata: Metadata) -> AppendResult | None:
        """Append the aggregate's pending events; None when it has none."""
        pending = aggregate.collect_events()
        if not pending:
            return None
        keys = await self.keyring.ensure_keys(_subjects_in(pending))
        stored = [encode(event, keys) for event in pending]
        return await self.store.append(
            str(aggregate.id),
            stream_type_of(type(aggregate)),
            aggregate.version - len(pending),
            [NewEvent(s.event_type, s.payload, s.schema_version) for s in stored],
            metadata,
        )

    async def position_at(self, when: datetime) -> int:
        """The position of the last event recorded at or before ``when`` (0 if none)."""
        position = await self.store.pool.fetchval(
            "SELECT max(position) FROM events WHERE recorded_at <= $1", when
        )
        return int(position or 0)

    async def _decode(self, stream_type: str, records: list[RecordedEvent]) -> list[Any]:
        subjects = set().union(*(personal_subjects(r.payload) for r in records))
        keys = await self.keyring.keys(subjects)
        return [_decode_one(stream_type, record, keys) for record in records]


def _decode_one(stream_type: str, record: RecordedEvent, keys: KeySet) -> Any:
    return decode(
        stream_type, UUID(record.stream_id), record.stream_version, record.recorded_at,
        record.event_type, record.schema_version, record.payload, keys,
    )  # fmt: skip


def _subjects_in(events: Iterable[Any]) -> set[UUID]:
    """Subjects whose (not yet erased) personal data the events carry."""
    found: set[UUID] = set()
    for event in events:
        for name in payload_fields(type(event)):
            _collect(getattr(event, name), found)
    return found


def _collect(value: Any, found: set[UUID]) -> None:
    if isinstance(value, PersonalData):
        if value.fields is not None:
            found.add(value.subject_id)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _collect(getattr(value, field.name), found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _collect(item, found)
