"""The activities calendar: activities held by projects and La Collaborative schemes (on
their day, from their start to their end when the log has them), their participants
(counted by gender and category, never named), travel legs with their carbon estimate
(kg CO2e), indicator contributions, and each project's indicators, target against
achieved (``indicator_progress``; cancelled activities count for nothing).

The frequent events (an activity, its participants, travel legs and contributions) go
through ``apply_batch`` as in ``finance``: the batch loads the activities it touches, applies
every event to them in memory, in log order, and writes each changed row once. Owners and
plans are rare and written as they come.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Any

import asyncpg

from domain.activities import Schedule
from hub.eventstore import RecordedEvent
from projections.projection import Projection
from projections.read_models.batching import relaxed
from projections.read_models.tables import Rows, upsert
from projections.read_models.values import counts, day, total

TABLES = """
CREATE TABLE activities (
    activity_id        uuid PRIMARY KEY,
    owner_id           uuid NOT NULL,
    owner_kind         text NOT NULL CHECK (owner_kind IN ('project', 'scheme', 'unknown')),
    code               text NOT NULL,
    kind               text NOT NULL,
    title              text NOT NULL,
    held_on            date NOT NULL,
    starts_at          timestamptz,
    ends_at            timestamptz,
    time_zone          text,
    city               text NOT NULL,
    country            char(2) NOT NULL,
    venue              text NOT NULL,
    partners           uuid[] NOT NULL,
    participants       integer NOT NULL,
    travel_legs        integer NOT NULL DEFAULT 0,
    kg_co2e            numeric NOT NULL DEFAULT 0,
    cancelled          boolean NOT NULL DEFAULT false,
    cancel_reason      text,
    recorded_at        timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    last_position      bigint NOT NULL
);
CREATE INDEX activities_calendar ON activities (held_on, activity_id);
CREATE INDEX activities_by_owner ON activities (owner_id, held_on, activity_id);

CREATE TABLE activity_participants (
    activity_id uuid NOT NULL,
    dimension   text NOT NULL CHECK (dimension IN ('gender', 'category')),
    key         text NOT NULL,
    count       integer NOT NULL,
    PRIMARY KEY (activity_id, dimension, key)
);

CREATE TABLE activity_travel_legs (
    activity_id  uuid NOT NULL,
    position     bigint NOT NULL,
    mode         text NOT NULL,
    distance_km  numeric NOT NULL,
    travellers   integer NOT NULL,
    kg_co2e      numeric NOT NULL,
    PRIMARY KEY (activity_id, position)
);

CREATE TABLE indicator_contributions (
    activity_id    uuid NOT NULL,
    indicator_code text NOT NULL,
    owner_id       uuid NOT NULL,
    value          numeric NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (activity_id, indicator_code)
);
CREATE INDEX indicator_contributions_by_owner ON indicator_contributions (owner_id, indicator_code);

-- Owners known so far (projects and schemes), and the indicators of each project's
-- current plan version.
CREATE TABLE activity_owners (owner_id uuid PRIMARY KEY, kind text NOT NULL);
CREATE TABLE indicator_plans (plan_id uuid PRIMARY KEY, project_id uuid NOT NULL);
CREATE TABLE indicator_targets (
    project_id   uuid NOT NULL,
    code         text NOT NULL,
    plan_version integer NOT NULL,
    kind         text NOT NULL,
    name         text NOT NULL,
    unit         text NOT NULL,
    baseline     numeric NOT NULL,
    target       numeric NOT NULL,
    PRIMARY KEY (project_id, code)
);

CREATE VIEW indicator_progress AS
SELECT t.project_id, t.code, t.plan_version, t.kind, t.name, t.unit, t.baseline, t.target,
       coalesce(sum(c.value) FILTER (WHERE NOT a.cancelled), 0) AS achieved,
       count(a.activity_id) FILTER (WHERE NOT a.cancelled) AS activities
FROM indicator_targets t
LEFT JOIN indicator_contributions c ON c.owner_id = t.project_id AND c.indicator_code = t.code
LEFT JOIN activities a ON a.activity_id = c.activity_id
GROUP BY t.project_id, t.code, t.plan_version, t.kind, t.name, t.unit, t.baseline, t.target;
"""

ACTIVITY_COLUMNS = (
    "activity_id", "owner_id", "owner_kind", "code", "kind", "title", "held_on", "starts_at",
    "ends_at", "time_zone", "city", "country", "venue", "partners", "participants",
    "travel_legs", "kg_co2e", "cancelled", "cancel_reason", "recorded_at", "updated_at",
    "last_position",
)  # fmt: skip

# What later events change on an activity: its row is loaded with these (and its owner,
# which contributions name) and written back with them.
CHANGING = (
    "activity_id", "participants", "travel_legs", "kg_co2e", "cancelled", "cancel_reason",
    "updated_at", "last_position",
)  # fmt: skip

_LOAD = (
    f"SELECT owner_id, {', '.join(CHANGING)} FROM activities WHERE activity_id = ANY($1::uuid[])"
)
_UPDATE = """
UPDATE activities AS a
SET participants = c.participants, travel_legs = c.travel_legs, kg_co2e = c.kg_co2e,
    cancelled = c.cancelled, cancel_reason = c.cancel_reason, updated_at = c.updated_at,
    last_position = c.last_position
FROM unnest($1::uuid[], $2::int[], $3::int[], $4::numeric[], $5::bool[], $6::text[],
            $7::timestamptz[], $8::bigint[])
    AS c(activity_id, participants, travel_legs, kg_co2e, cancelled, cancel_reason,
         updated_at, last_position)
WHERE a.activity_id = c.activity_id
"""

CONTRIBUTIONS = Rows(
    "indicator_contributions",
    (
        ("activity_id", "uuid"), ("indicator_code", "text"), ("owner_id", "uuid"),
        ("value", "numeric"), ("updated_at", "timestamptz"),
    ),
    ("activity_id", "indicator_code"),
)  # fmt: skip

LEG_COLUMNS = ("activity_id", "position", "mode", "distance_km", "travellers", "kg_co2e")
COUNT_COLUMNS = ("activity_id", "dimension", "key", "count")
ZERO = Decimal(0)

_OWNERS = "SELECT owner_id::text, kind FROM activity_owners WHERE owner_id = ANY($1::uuid[])"
_OWNER = "INSERT INTO activity_owners (owner_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING"
_CLEAR_COUNTS = "DELETE FROM activity_participants WHERE activity_id = ANY($1::uuid[])"
_PLAN = "INSERT INTO indicator_plans VALUES ($1, $2) ON CONFLICT DO NOTHING"
_PLAN_PROJECT = "SELECT project_id FROM indicator_plans WHERE plan_id = $1"
_CLEAR_TARGETS = "DELETE FROM indicator_targets WHERE project_id = $1"
_TARGET = "INSERT INTO indicator_targets VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"


class Batch:
    """The activities one batch changes, their participant counts, new legs and
    contributions, and the owners the batch's new activities name."""

    def __init__(self) -> None:
        self.activities: dict[str, dict[str, Any]] = {}
        self.new_activities: set[str] = set()
        self.counts: dict[str, list[tuple[str, str, int]]] = {}
        self.legs: list[tuple[Any, ...]] = []
        self.contributions: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.owners: dict[str, str] = {}

    async def load(self, connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
        recorded, wanted, owners = set(), set(), set()
        for event in events:
            if event.event_type == "Activity.Recorded":
                recorded.add(event.stream_id)
                owners.add(event.payload["owner_id"])
            elif event.event_type.startswith("Activity.") and event.stream_id not in recorded:
                wanted.add(event.stream_id)
        if wanted:
            for row in await connection.fetch(_LOAD, sorted(wanted)):
                self.activities[str(row["activity_id"])] = dict(row)
        if owners:
            self.owners.update(await connection.fetch(_OWNERS, sorted(owners)))

    async def save(self, connection: asyncpg.Connection) -> None:
        created, changed = [], []
        for key, row in self.activities.items():
            if key in self.new_activities:
                created.append(tuple(row[name] for name in ACTIVITY_COLUMNS))
            else:
                changed.append(tuple(row[name] for name in CHANGING))
        if created:
            await connection.copy_records_to_table(
                "activities", records=created, columns=ACTIVITY_COLUMNS
            )
        if changed:
            await connection.execute(_UPDATE, *(list(c) for c in zip(*changed, strict=True)))
        if self.counts:
            await connection.execute(_CLEAR_COUNTS, sorted(self.counts))
            rows = [(a, *count) for a, rows in self.counts.items() for count in rows]
            if rows:
                await connection.copy_records_to_table(
                    "activity_participants", records=rows, columns=COUNT_COLUMNS
                )
        if self.legs:
            await connection.copy_records_to_table(
                "activity_travel_legs", records=self.legs, columns=LEG_COLUMNS
            )
        await upsert(connection, CONTRIBUTIONS, self.contributions.values())


def _touch(row: dict[str, Any] | None, event: RecordedEvent, **changes: Any) -> None:
    """Change a known activity (an event about an unknown one changes nothing)."""
    if row is not None:
        row.update(changes, updated_at=event.recorded_at, last_position=event.position)


def _instants(held_on: date, stored: dict[str, Any] | None) -> tuple[Any, Any, Any]:
    """Start, end (instants) and time zone of a day's stored schedule (version 1: none)."""
    if stored is None:
        return None, None, None
    ends_at = stored["ends_at"]
    schedule = Schedule(
        time.fromisoformat(stored["starts_at"]),
        None if ends_at is None else time.fromisoformat(ends_at),
        stored["time_zone"],
    )
    return schedule.starts(held_on), schedule.ends(held_on), schedule.time_zone


def recorded(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    place = p["place"]
    held_on = day(p["held_on"])
    assert held_on is not None
    starts_at, ends_at, time_zone = _instants(held_on, p.get("schedule"))
    batch.new_activities.add(event.stream_id)
    batch.activities[event.stream_id] = {
        "activity_id": event.stream_id, "owner_id": p["owner_id"],
        "owner_kind": batch.owners.get(p["owner_id"], "unknown"), "code": p["code"],
        "kind": p["kind"], "title": p["title"], "held_on": held_on, "starts_at": starts_at,
        "ends_at": ends_at, "time_zone": time_zone, "city": place["city"],
        "country": place["country"], "venue": place["venue"],
        "partners": p["partners"], "participants": total(p["participants"]),
        "travel_legs": 0, "kg_co2e": ZERO, "cancelled": False, "cancel_reason": None,
        "recorded_at": event.recorded_at, "updated_at": event.recorded_at,
        "last_position": event.position,
    }  # fmt: skip
    batch.counts[event.stream_id] = counts(p["participants"])


def participants_counted(batch: Batch, event: RecordedEvent) -> None:
    participants = event.payload["participants"]
    _touch(batch.activities.get(event.stream_id), event, participants=total(participants))
    batch.counts[event.stream_id] = counts(participants)


def travel_leg_added(batch: Batch, event: RecordedEvent) -> None:
    leg, kg = event.payload["leg"], event.payload["kg_co2e"]
    batch.legs.append(
        (
            event.stream_id, event.position, leg["mode"], Decimal(leg["distance_km"]),
            leg["travellers"], Decimal(kg),
        )
    )  # fmt: skip
    activity = batch.activities.get(event.stream_id)
    if activity is not None:
        _touch(
            activity, event, travel_legs=activity["travel_legs"] + 1,
            kg_co2e=activity["kg_co2e"] + Decimal(kg),
        )  # fmt: skip


def indicator_contributed(batch: Batch, event: RecordedEvent) -> None:
    activity = batch.activities.get(event.stream_id)
    if activity is None:
        return
    p = event.payload
    key = (event.stream_id, p["indicator_code"])
    batch.contributions[key] = (*key, activity["owner_id"], p["value"], event.recorded_at)


def cancelled(batch: Batch, event: RecordedEvent) -> None:
    reason = event.payload["reason"]
    _touch(batch.activities.get(event.stream_id), event, cancelled=True, cancel_reason=reason)


IN_MEMORY: dict[str, Callable[[Batch, RecordedEvent], None]] = {
    "Activity.Recorded": recorded,
    "Activity.ParticipantsCounted": participants_counted,
    "Activity.TravelLegAdded": travel_leg_added,
    "Activity.IndicatorContributed": indicator_contributed,
    "Activity.Cancelled": cancelled,
}

# Rare facts, written as they come -------------------------------------------------------


async def project_registered(
    connection: asyncpg.Connection, batch: Batch, event: RecordedEvent
) -> None:
    await _owner(connection, batch, event.stream_id, "project")


async def scheme_launched(
    connection: asyncpg.Connection, batch: Batch, event: RecordedEvent
) -> None:
    await _owner(connection, batch, event.stream_id, "scheme")


async def _owner(connection: asyncpg.Connection, batch: Batch, owner_id: str, kind: str) -> None:
    await connection.execute(_OWNER, owner_id, kind)
    batch.owners.setdefault(owner_id, kind)


async def plan_version(connection: asyncpg.Connection, _batch: Batch, event: RecordedEvent) -> None:
    project_id = event.payload.get("project_id")
    if project_id is not None:
        await connection.execute(_PLAN, event.stream_id, project_id)
    else:
        project_id = await connection.fetchval(_PLAN_PROJECT, event.stream_id)
    version = event.payload["version"]
    await connection.execute(_CLEAR_TARGETS, project_id)
    rows = [
        (project_id, i["code"], version["number"], i["kind"], i["name"], i["unit"],
         i["baseline"], i["target"])
        for i in version["content"]["indicators"]
    ]  # fmt: skip
    if rows:
        await connection.executemany(_TARGET, rows)


IMMEDIATE: dict[str, Callable[[asyncpg.Connection, Batch, RecordedEvent], Awaitable[None]]] = {
    "Project.Registered": project_registered,
    "Scheme.Launched": scheme_launched,
    "Plan.Adopted": plan_version,
    "Plan.ModificationApproved": plan_version,
}


async def apply_batch(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
    batch = Batch()
    await batch.load(connection, events)
    for event in events:
        in_memory = IN_MEMORY.get(event.event_type)
        if in_memory is not None:
            in_memory(batch, event)
        else:
            await IMMEDIATE[event.event_type](connection, batch, event)
    await batch.save(connection)


PROJECTION = Projection(
    "activities",
    2,
    TABLES,
    apply_batch=relaxed(apply_batch),
    event_types=frozenset(IN_MEMORY) | frozenset(IMMEDIATE),
)
