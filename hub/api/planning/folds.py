"""Aggregates folded from the log, kept by the chain hash of the last event folded.

A stream folded up to one of its events is the same aggregate for as long as the log lasts,
and that event's chain hash names it in any database: the hash covers the event and every
event before it. So a reconstruction as of a later position reuses each stream that has
not moved since and folds again only the streams that have (after a write, the one it
touched).

Only kinds whose events carry no personal data are kept: a person forgotten must not stay
readable in memory once their key is deleted (``hub.keyring``). Callers only read what
they are given; the aggregates are shared.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.deliverables import Deliverable
from domain.expenditure import PartnerReport
from domain.payments import Payment

A = TypeVar("A", bound=Aggregate)

# kinds with no personal data in any of their events (tests/unit/test_folds.py checks it)
KEPT_KINDS: tuple[type[Aggregate], ...] = (Deliverable, PartnerReport, Payment)


class Folds:
    """A bounded, least recently used set of folded aggregates."""

    def __init__(self, capacity: int = 4_096) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[tuple[UUID, bytes], Aggregate] = OrderedDict()

    def get(self, cls: type[A], stream_id: UUID, last_hash: bytes) -> A | None:
        found = self._kept.get((stream_id, last_hash))
        if not isinstance(found, cls):
            return None
        self._kept.move_to_end((stream_id, last_hash))
        return found

    def keep(self, stream_id: UUID, last_hash: bytes, aggregate: Aggregate) -> None:
        if not isinstance(aggregate, KEPT_KINDS):
            return
        self._kept[(stream_id, last_hash)] = aggregate
        self._kept.move_to_end((stream_id, last_hash))
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


FOLDS = Folds()
