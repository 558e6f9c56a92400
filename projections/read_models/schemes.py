"""La Collaborative's schemes (Faire-Part, pARTager, cARTographie, Objectif 13,
Jeudigraphies): each edition, its agencies, and what each agency did (participations,
with participants counted by gender and category)."""

from __future__ import annotations

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import counts, day, total

TABLES = """
CREATE TABLE schemes (
    scheme_id      uuid PRIMARY KEY,
    kind           text NOT NULL,
    edition        text NOT NULL,
    coordinator    text NOT NULL,
    launched_on    date NOT NULL,
    agencies       integer NOT NULL,
    participations integer NOT NULL DEFAULT 0,
    participants   integer NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL,
    last_position  bigint NOT NULL
);
CREATE UNIQUE INDEX schemes_by_edition ON schemes (kind, edition);

CREATE TABLE scheme_agencies (
    scheme_id      uuid NOT NULL,
    agency         text NOT NULL,
    is_coordinator boolean NOT NULL,
    joined_at      timestamptz NOT NULL,
    PRIMARY KEY (scheme_id, agency)
);

CREATE TABLE scheme_participations (
    scheme_id    uuid NOT NULL,
    number       integer NOT NULL,
    agency       text NOT NULL,
    held_on      date NOT NULL,
    description  text NOT NULL,
    host_region  text NOT NULL,
    participants integer NOT NULL,
    activity_id  uuid,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (scheme_id, number)
);
CREATE INDEX scheme_participations_by_agency ON scheme_participations (agency, held_on);

CREATE TABLE scheme_participation_counts (
    scheme_id uuid NOT NULL,
    number    integer NOT NULL,
    dimension text NOT NULL CHECK (dimension IN ('gender', 'category')),
    key       text NOT NULL,
    count     integer NOT NULL,
    PRIMARY KEY (scheme_id, number, dimension, key)
);
"""

_LAUNCHED = """
INSERT INTO schemes (scheme_id, kind, edition, coordinator, launched_on, agencies,
                     updated_at, last_position)
VALUES ($1, $4, $5, $6, $7, $8, $2, $3)
"""
_AGENCY = "INSERT INTO scheme_agencies VALUES ($1, $2, $3, $4)"
_TOUCH = "updated_at = $2, last_position = $3 WHERE scheme_id = $1"
_JOINED = f"UPDATE schemes SET agencies = agencies + 1, {_TOUCH}"
_PARTICIPATION = "INSERT INTO scheme_participations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
_COUNT = "INSERT INTO scheme_participation_counts VALUES ($1, $2, $3, $4, $5)"
_PARTICIPATED = f"""
UPDATE schemes SET participations = participations + 1, participants = participants + $4,
    {_TOUCH}
"""


async def launched(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await connection.execute(
        _LAUNCHED, event.stream_id, event.recorded_at, event.position, p["kind"], p["edition"],
        p["coordinator"], day(p["launched_on"]), len(p["agencies"]),
    )  # fmt: skip
    rows = [
        (event.stream_id, agency, agency == p["coordinator"], event.recorded_at)
        for agency in p["agencies"]
    ]
    await connection.executemany(_AGENCY, rows)


async def agency_joined(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    agency = event.payload["agency"]
    await connection.execute(_AGENCY, event.stream_id, agency, False, event.recorded_at)
    await connection.execute(_JOINED, event.stream_id, event.recorded_at, event.position)


async def participation_recorded(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload["participation"]
    people = total(p["participants"])
    await connection.execute(
        _PARTICIPATION, event.stream_id, p["number"], p["agency"], day(p["held_on"]),
        p["description"], p["host_region"], people, p["activity_id"], event.recorded_at,
    )  # fmt: skip
    rows = [(event.stream_id, p["number"], *row) for row in counts(p["participants"])]
    if rows:
        await connection.executemany(_COUNT, rows)
    await connection.execute(
        _PARTICIPATED, event.stream_id, event.recorded_at, event.position, people
    )


PROJECTION = per_event(
    "schemes",
    1,
    TABLES,
    {
        "Scheme.Launched": launched,
        "Scheme.AgencyJoined": agency_joined,
        "Scheme.ParticipationRecorded": participation_recorded,
    },
)
