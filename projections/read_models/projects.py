"""Projects: programme, period, currency, status, funds with their co-financing rates,
reporting periods, and the plan version currently approved (from the Plan stream)."""

from __future__ import annotations

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import day

TABLES = """
CREATE TABLE projects (
    project_id           uuid PRIMARY KEY,
    acronym              text NOT NULL,
    title                text NOT NULL,
    programme            text NOT NULL,
    currency             char(3) NOT NULL,
    starts_on            date NOT NULL,
    ends_on              date,
    status               text NOT NULL,
    closed_on            date,
    plan_id              uuid UNIQUE,
    plan_version         integer,
    plan_effective_from  date,
    reporting_periods    integer NOT NULL DEFAULT 0,
    registered_at        timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    last_position        bigint NOT NULL
);
CREATE INDEX projects_by_acronym ON projects (acronym, project_id);
CREATE INDEX projects_by_programme ON projects (programme, acronym, project_id);

CREATE TABLE project_funds (
    project_id       uuid NOT NULL,
    fund             text NOT NULL,
    cofinancing_rate numeric NOT NULL,
    PRIMARY KEY (project_id, fund)
);

CREATE TABLE reporting_periods (
    project_id uuid NOT NULL,
    number     integer NOT NULL,
    starts_on  date NOT NULL,
    ends_on    date,
    PRIMARY KEY (project_id, number)
);
"""

_REGISTER = """
INSERT INTO projects (project_id, acronym, title, programme, currency, starts_on, ends_on,
                      status, registered_at, updated_at, last_position)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $8, $9)
"""
_FUND = "INSERT INTO project_funds (project_id, fund, cofinancing_rate) VALUES ($1, $2, $3)"
_TOUCH = "updated_at = $2, last_position = $3"
_STARTED = f"UPDATE projects SET status = 'running', {_TOUCH} WHERE project_id = $1"
_CLOSED = f"UPDATE projects SET status = 'closed', closed_on = $4, {_TOUCH} WHERE project_id = $1"
_PERIOD = """
INSERT INTO reporting_periods (project_id, number, starts_on, ends_on) VALUES ($1, $2, $3, $4)
"""
_COUNT_PERIODS = f"""
UPDATE projects SET reporting_periods = reporting_periods + 1, {_TOUCH} WHERE project_id = $1
"""
_PLAN_ADOPTED = f"""
UPDATE projects SET plan_id = $4, plan_version = $5, plan_effective_from = $6, {_TOUCH}
WHERE project_id = $1
"""
_PLAN_MODIFIED = f"""
UPDATE projects SET plan_version = $4, plan_effective_from = $5, {_TOUCH} WHERE plan_id = $1
"""


async def registered(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    period = p["period"]
    await connection.execute(
        _REGISTER, event.stream_id, p["acronym"], p["title"], p["programme"], p["currency"],
        day(period["start"]), day(period["end"]), event.recorded_at, event.position,
    )  # fmt: skip
    funds = [(event.stream_id, f["fund"], f["cofinancing_rate"]) for f in p["funds"]]
    await connection.executemany(_FUND, funds)


async def _touch(
    connection: asyncpg.Connection, sql: str, event: RecordedEvent, *values: object
) -> None:
    await connection.execute(sql, event.stream_id, event.recorded_at, event.position, *values)


async def started(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _touch(connection, _STARTED, event)


async def closed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _touch(connection, _CLOSED, event, day(event.payload["closed_on"]))


async def reporting_period_added(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    reporting_period = event.payload["reporting_period"]
    period = reporting_period["period"]
    await connection.execute(
        _PERIOD, event.stream_id, reporting_period["number"], day(period["start"]),
        day(period["end"]),
    )  # fmt: skip
    await _touch(connection, _COUNT_PERIODS, event)


async def plan_adopted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    version = event.payload["version"]
    await connection.execute(
        _PLAN_ADOPTED, event.payload["project_id"], event.recorded_at, event.position,
        event.stream_id, version["number"], day(version["effective_from"]),
    )  # fmt: skip


async def plan_modified(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    version = event.payload["version"]
    await _touch(
        connection, _PLAN_MODIFIED, event, version["number"], day(version["effective_from"])
    )


PROJECTION = per_event(
    "projects",
    1,
    TABLES,
    {
        "Project.Registered": registered,
        "Project.Started": started,
        "Project.Closed": closed,
        "Project.ReportingPeriodAdded": reporting_period_added,
        "Plan.Adopted": plan_adopted,
        "Plan.ModificationApproved": plan_modified,
    },
)
