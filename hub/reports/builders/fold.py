"""The events a report reads, and their fold into the domain's own aggregates.

Folding replays each event on its aggregate in log order (one pass), so every figure a
builder shows comes from the domain's computations (flat-rate bases, eligible amounts,
money rounding), exactly as the command side would see them at that position.

Events decoded without a person's key are the same objects in every read of the log
(``hub.reports.source`` keeps them), so ``fold_shared`` keeps the last few folds by the
identity of their events: the reports about one project at one position (each partner's
report for each period, one report downloaded in several formats) fold it once. Builders
only read the aggregates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.activities import Activity
from domain.audits import Audit
from domain.deliverables import Deliverable
from domain.evidence import Evidence
from domain.expenditure import PartnerReport
from domain.organisation import Organisation
from domain.payments import Payment
from domain.plan import Plan
from domain.project import Project
from domain.schemes import Scheme

COLLABORATIVE = "La Collaborative"
COLLABORATIVE_ID = Project.create_id(COLLABORATIVE)


def is_collaborative(name: str) -> bool:
    return name.strip().casefold() in {"la collaborative", "la-collaborative", "collaborative"}


@dataclass(frozen=True)
class LoggedEvent:
    position: int
    stream_type: str
    stream_id: UUID
    recorded_at: datetime
    event: Any  # a decoded domain event


@dataclass(frozen=True)
class Log:
    """The events up to ``position`` of one project's streams (plus organisations)."""

    position: int
    head_hash: str
    recorded_at: datetime
    project_id: UUID
    events: tuple[LoggedEvent, ...]


@dataclass(frozen=True)
class CitedDocument:
    """A document of the vault attached to an entity, as the log last recorded it."""

    sha256: str
    file_name: str
    content_type: str
    size: int
    position: int  # of the attachment
    attached_at: datetime


@dataclass
class Folded:
    """The aggregates as of the log's position, by kind; lists keep first-event order."""

    project: Project | None = None
    plan: Plan | None = None
    organisations: dict[UUID, Organisation] = field(default_factory=dict)
    deliverables: list[Deliverable] = field(default_factory=list)
    reports: list[PartnerReport] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    audits: list[Audit] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    schemes: list[Scheme] = field(default_factory=list)
    # (entity kind, entity id) -> its documents still in the vault, in attachment order
    documents: dict[tuple[str, str], list[CitedDocument]] = field(default_factory=dict)

    def organisation_name(self, organisation_id: UUID) -> str:
        organisation = self.organisations.get(organisation_id)
        return organisation.name if organisation is not None else str(organisation_id)


_LISTS = {
    "Deliverable": "deliverables",
    "PartnerReport": "reports",
    "Payment": "payments",
    "Audit": "audits",
    "Activity": "activities",
    "Scheme": "schemes",
}


def fold(events: tuple[LoggedEvent, ...] | list[LoggedEvent]) -> Folded:
    aggregates: dict[UUID, Any] = {}
    order: list[tuple[str, UUID]] = []
    cited: dict[tuple[str, str, str], CitedDocument] = {}  # (sha256, kind, id) -> last attach
    for logged in events:
        before = aggregates.get(logged.stream_id)
        if before is None:
            order.append((logged.stream_type, logged.stream_id))
        aggregates[logged.stream_id] = logged.event.mutate(before)
        if isinstance(logged.event, Evidence.Attached):
            attached = logged.event
            cited[(attached.sha256, str(attached.entity_kind), attached.entity_id)] = (
                CitedDocument(
                    attached.sha256, attached.file_name, attached.content_type, attached.size,
                    logged.position, logged.recorded_at,
                )
            )  # fmt: skip
    folded = Folded()
    for stream_type, stream_id in order:
        aggregate = aggregates[stream_id]
        if stream_type == "Project":
            folded.project = aggregate
        elif stream_type == "Plan":
            folded.plan = aggregate
        elif stream_type == "Organisation":
            folded.organisations[stream_id] = aggregate
        elif stream_type in _LISTS:
            getattr(folded, _LISTS[stream_type]).append(aggregate)
        elif stream_type == "Evidence":
            # the aggregate knows what the document is still attached to (a deletion
            # empties it); the events carry the names it was attached under
            for kind, entity_id in aggregate.attachments:
                document = cited[(aggregate.sha256, str(kind), entity_id)]
                folded.documents.setdefault((str(kind), entity_id), []).append(document)
    for documents in folded.documents.values():
        documents.sort(key=lambda document: document.position)
    return folded


_SHARED: OrderedDict[tuple[int, ...], tuple[tuple[LoggedEvent, ...], Folded]] = OrderedDict()
_SHARED_LIMIT = 8
_SHARED_LOCK = threading.Lock()


def fold_shared(events: tuple[LoggedEvent, ...]) -> Folded:
    """``fold(events)``, or the fold kept of these very event objects (kept with them, so
    no other object can take their ids while it is)."""
    key = tuple(map(id, events))
    with _SHARED_LOCK:
        kept = _SHARED.get(key)
        if kept is not None:
            _SHARED.move_to_end(key)
            return kept[1]
    folded = fold(events)
    with _SHARED_LOCK:
        _SHARED[key] = (events, folded)
        while len(_SHARED) > _SHARED_LIMIT:
            _SHARED.popitem(last=False)
    return folded
