"""Partnerships (partenariats / partenariados): who is in each project now, and the
history of who joined, left or changed role, and when (effective dates from the events,
recording times from the log)."""

from __future__ import annotations

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import day

TABLES = """
CREATE TABLE partnerships (
    project_id      uuid NOT NULL,
    organisation_id uuid NOT NULL,
    role            text NOT NULL,
    joined_on       date NOT NULL,
    left_on         date,
    left_reason     text,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (project_id, organisation_id)
);
CREATE INDEX partnerships_by_organisation ON partnerships (organisation_id, project_id);

CREATE TABLE partnership_changes (
    project_id      uuid NOT NULL,
    position        bigint NOT NULL,
    organisation_id uuid NOT NULL,
    change          text NOT NULL CHECK (change IN ('joined', 'left', 'role_changed')),
    role            text NOT NULL,
    previous_role   text,
    effective_on    date NOT NULL,
    reason          text,
    actor           text,
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX partnership_changes_by_organisation
    ON partnership_changes (organisation_id, position);
"""

_ADMIT = """
INSERT INTO partnerships (project_id, organisation_id, role, joined_on, updated_at)
VALUES ($1, $2, $3, $4, $5)
"""
_WITHDRAW = """
UPDATE partnerships SET left_on = $3, left_reason = $4, updated_at = $5
WHERE project_id = $1 AND organisation_id = $2
RETURNING role
"""
_CHANGE_ROLE = """
UPDATE partnerships AS p SET role = $3, updated_at = $4
FROM (SELECT role FROM partnerships WHERE project_id = $1 AND organisation_id = $2) AS old
WHERE p.project_id = $1 AND p.organisation_id = $2
RETURNING old.role
"""
_HISTORY = """
INSERT INTO partnership_changes (project_id, position, organisation_id, change, role,
                                 previous_role, effective_on, reason, actor, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
"""


async def _history(
    connection: asyncpg.Connection,
    event: RecordedEvent,
    change: str,
    role: str,
    previous: str | None,
    effective_on: str,
    reason: str | None = None,
) -> None:
    await connection.execute(
        _HISTORY, event.stream_id, event.position, event.payload["organisation_id"], change,
        role, previous, day(effective_on), reason, event.metadata.get("actor"),
        event.recorded_at,
    )  # fmt: skip


async def partner_admitted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    joined_on = day(p["joined_on"])
    await connection.execute(
        _ADMIT, event.stream_id, p["organisation_id"], p["role"], joined_on, event.recorded_at
    )
    await _history(connection, event, "joined", p["role"], None, p["joined_on"])


async def partner_withdrew(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    role = await connection.fetchval(
        _WITHDRAW, event.stream_id, p["organisation_id"], day(p["left_on"]), p["reason"],
        event.recorded_at,
    )  # fmt: skip
    await _history(connection, event, "left", role, role, p["left_on"], p["reason"])


async def partner_role_changed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    previous = await connection.fetchval(
        _CHANGE_ROLE, event.stream_id, p["organisation_id"], p["role"], event.recorded_at
    )
    await _history(connection, event, "role_changed", p["role"], previous, p["effective_on"])


PROJECTION = per_event(
    "partnerships",
    1,
    TABLES,
    {
        "Project.PartnerAdmitted": partner_admitted,
        "Project.PartnerWithdrew": partner_withdrew,
        "Project.PartnerRoleChanged": partner_role_changed,
    },
)
