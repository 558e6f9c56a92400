"""Approved plans, every version kept: work packages (with their lump sums), planned
activities and deliverables, indicators with baseline and target, and the budget per
partner, cost category, reporting period. ``is_current`` marks the latest version;
``plan_in_force`` on a day is the latest version with ``effective_from`` ≤ that day."""

from __future__ import annotations

from typing import Any

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import amount, currency, day

TABLES = """
CREATE TABLE plan_versions (
    project_id        uuid NOT NULL,
    number            integer NOT NULL,
    plan_id           uuid NOT NULL,
    effective_from    date NOT NULL,
    approved_on       date NOT NULL,
    approved_by       text NOT NULL,
    reason            text NOT NULL,
    currency          char(3) NOT NULL,
    max_work_packages integer,
    is_current        boolean NOT NULL,
    recorded_at       timestamptz NOT NULL,
    position          bigint NOT NULL,
    PRIMARY KEY (project_id, number)
);
CREATE INDEX plan_versions_by_plan ON plan_versions (plan_id, number);

CREATE TABLE work_packages (
    project_id        uuid NOT NULL,
    plan_version      integer NOT NULL,
    code              text NOT NULL,
    title             text NOT NULL,
    lump_sum          numeric,
    lump_sum_currency char(3),
    PRIMARY KEY (project_id, plan_version, code)
);

CREATE TABLE planned_activities (
    project_id   uuid NOT NULL,
    plan_version integer NOT NULL,
    code         text NOT NULL,
    work_package text NOT NULL,
    title        text NOT NULL,
    PRIMARY KEY (project_id, plan_version, code)
);

CREATE TABLE planned_deliverables (
    project_id          uuid NOT NULL,
    plan_version        integer NOT NULL,
    code                text NOT NULL,
    work_package        text NOT NULL,
    title               text NOT NULL,
    due_on              date NOT NULL,
    responsible_partner uuid NOT NULL,
    PRIMARY KEY (project_id, plan_version, code)
);

CREATE TABLE planned_indicators (
    project_id   uuid NOT NULL,
    plan_version integer NOT NULL,
    code         text NOT NULL,
    kind         text NOT NULL,
    name         text NOT NULL,
    unit         text NOT NULL,
    baseline     numeric NOT NULL,
    target       numeric NOT NULL,
    PRIMARY KEY (project_id, plan_version, code)
);

CREATE TABLE budget_lines (
    project_id    uuid NOT NULL,
    plan_version  integer NOT NULL,
    partner_id    uuid NOT NULL,
    cost_category text NOT NULL,
    period_number integer NOT NULL,
    amount        numeric NOT NULL,
    currency      char(3) NOT NULL,
    PRIMARY KEY (project_id, plan_version, partner_id, cost_category, period_number)
);
"""

_VERSION = """
INSERT INTO plan_versions (project_id, number, plan_id, effective_from, approved_on,
                           approved_by, reason, currency, max_work_packages, is_current,
                           recorded_at, position)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, $10, $11)
"""
_PLAN_OF = """
SELECT project_id, currency, max_work_packages FROM plan_versions WHERE plan_id = $1 LIMIT 1
"""
_NOT_CURRENT = "UPDATE plan_versions SET is_current = false WHERE project_id = $1 AND is_current"
_CONTENT = {
    "work_packages": (
        "INSERT INTO work_packages VALUES ($1, $2, $3, $4, $5, $6)",
        lambda w: (w["code"], w["title"], amount(w["lump_sum"]), currency(w["lump_sum"])),
    ),
    "activities": (
        "INSERT INTO planned_activities VALUES ($1, $2, $3, $4, $5)",
        lambda a: (a["code"], a["work_package"], a["title"]),
    ),
    "deliverables": (
        "INSERT INTO planned_deliverables VALUES ($1, $2, $3, $4, $5, $6, $7)",
        lambda d: (
            d["code"], d["work_package"], d["title"], day(d["due_on"]), d["responsible_partner"]
        ),
    ),
    "indicators": (
        "INSERT INTO planned_indicators VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        lambda i: (i["code"], i["kind"], i["name"], i["unit"], i["baseline"], i["target"]),
    ),
    "budget": (
        "INSERT INTO budget_lines VALUES ($1, $2, $3, $4, $5, $6, $7)",
        lambda b: (
            b["partner_id"], b["category"], b["period_number"], amount(b["amount"]),
            currency(b["amount"]),
        ),
    ),
}  # fmt: skip


async def adopted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _version(connection, event, p["project_id"], p["currency"], p["max_work_packages"])


async def modification_approved(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    plan = await connection.fetchrow(_PLAN_OF, event.stream_id)
    await _version(connection, event, str(plan[0]), plan[1], plan[2])


async def _version(
    connection: asyncpg.Connection,
    event: RecordedEvent,
    project_id: str,
    plan_currency: str,
    max_work_packages: int | None,
) -> None:
    v = event.payload["version"]
    await connection.execute(_NOT_CURRENT, project_id)
    await connection.execute(
        _VERSION, project_id, v["number"], event.stream_id, day(v["effective_from"]),
        day(v["approved_on"]), v["approved_by"], v["reason"], plan_currency, max_work_packages,
        event.recorded_at, event.position,
    )  # fmt: skip
    await _content(connection, project_id, v["number"], v["content"])


async def _content(
    connection: asyncpg.Connection, project_id: str, number: int, content: dict[str, Any]
) -> None:
    for name, (sql, columns) in _CONTENT.items():
        rows = [(project_id, number, *columns(item)) for item in content.get(name, ())]
        if rows:
            await connection.executemany(sql, rows)


PROJECTION = per_event(
    "plans",
    1,
    TABLES,
    {"Plan.Adopted": adopted, "Plan.ModificationApproved": modification_approved},
)
