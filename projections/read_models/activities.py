"""The activities calendar: activities held by projects and La Collaborative schemes,
their participants (counted by gender and category, never named), travel legs with their
carbon estimate (kg CO2e), indicator contributions, and each project's indicators,
target against achieved (``indicator_progress``; cancelled activities count for nothing).
"""

from __future__ import annotations

from typing import Any

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
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

_OWNER = "INSERT INTO activity_owners (owner_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING"
_RECORDED = """
INSERT INTO activities (activity_id, owner_id, owner_kind, code, kind, title, held_on, city,
                        country, venue, partners, participants, recorded_at, updated_at,
                        last_position)
SELECT $1, $4, coalesce((SELECT kind FROM activity_owners WHERE owner_id = $4), 'unknown'),
       $5, $6, $7, $8, $9, $10, $11, $12, $13, $2, $2, $3
"""
_TOUCH = "updated_at = $2, last_position = $3 WHERE activity_id = $1"
_PARTICIPANTS = f"UPDATE activities SET participants = $4, {_TOUCH}"
_CLEAR_COUNTS = "DELETE FROM activity_participants WHERE activity_id = $1"
_COUNT = "INSERT INTO activity_participants VALUES ($1, $2, $3, $4)"
_LEG = "INSERT INTO activity_travel_legs VALUES ($1, $2, $3, $4, $5, $6)"
_CARBON = f"UPDATE activities SET travel_legs = travel_legs + 1, kg_co2e = kg_co2e + $4, {_TOUCH}"
_CONTRIBUTION = """
INSERT INTO indicator_contributions (activity_id, indicator_code, owner_id, value, updated_at)
SELECT $1, $2, owner_id, $3, $4 FROM activities WHERE activity_id = $1
ON CONFLICT (activity_id, indicator_code)
DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
"""
_CANCELLED = f"UPDATE activities SET cancelled = true, cancel_reason = $4, {_TOUCH}"
_PLAN = "INSERT INTO indicator_plans VALUES ($1, $2) ON CONFLICT DO NOTHING"
_PLAN_PROJECT = "SELECT project_id FROM indicator_plans WHERE plan_id = $1"
_CLEAR_TARGETS = "DELETE FROM indicator_targets WHERE project_id = $1"
_TARGET = "INSERT INTO indicator_targets VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"


async def _apply(
    connection: asyncpg.Connection, sql: str, event: RecordedEvent, *values: object
) -> None:
    await connection.execute(sql, event.stream_id, event.recorded_at, event.position, *values)


async def _counts(connection: asyncpg.Connection, activity_id: str, participants: Any) -> None:
    await connection.execute(_CLEAR_COUNTS, activity_id)
    rows = [(activity_id, *row) for row in counts(participants)]
    if rows:
        await connection.executemany(_COUNT, rows)


async def recorded(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    place = p["place"]
    await _apply(
        connection, _RECORDED, event, p["owner_id"], p["code"], p["kind"], p["title"],
        day(p["held_on"]), place["city"], place["country"], place["venue"], p["partners"],
        total(p["participants"]),
    )  # fmt: skip
    await _counts(connection, event.stream_id, p["participants"])


async def participants_counted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    participants = event.payload["participants"]
    await _apply(connection, _PARTICIPANTS, event, total(participants))
    await _counts(connection, event.stream_id, participants)


async def travel_leg_added(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    leg, kg = event.payload["leg"], event.payload["kg_co2e"]
    await connection.execute(
        _LEG, event.stream_id, event.position, leg["mode"], leg["distance_km"],
        leg["travellers"], kg,
    )  # fmt: skip
    await _apply(connection, _CARBON, event, kg)


async def indicator_contributed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await connection.execute(
        _CONTRIBUTION, event.stream_id, p["indicator_code"], p["value"], event.recorded_at
    )


async def cancelled(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _apply(connection, _CANCELLED, event, event.payload["reason"])


async def project_registered(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await connection.execute(_OWNER, event.stream_id, "project")


async def scheme_launched(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await connection.execute(_OWNER, event.stream_id, "scheme")


async def plan_version(connection: asyncpg.Connection, event: RecordedEvent) -> None:
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


PROJECTION = per_event(
    "activities",
    1,
    TABLES,
    {
        "Activity.Recorded": recorded,
        "Activity.ParticipantsCounted": participants_counted,
        "Activity.TravelLegAdded": travel_leg_added,
        "Activity.IndicatorContributed": indicator_contributed,
        "Activity.Cancelled": cancelled,
        "Project.Registered": project_registered,
        "Scheme.Launched": scheme_launched,
        "Plan.Adopted": plan_version,
        "Plan.ModificationApproved": plan_version,
    },
)
