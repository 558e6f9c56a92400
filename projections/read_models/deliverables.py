"""The deliverables board: each deliverable's state, due date (and how often and why it
moved), submission, acceptance or rejection with its reason.

``deliverables_board`` adds the late flag, computed when queried, with the rule of
``Deliverable.is_late``: handed in (submitted or accepted) after the due date, or not
handed in and the due date has passed.
"""

from __future__ import annotations

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.batching import per_event
from projections.read_models.values import day

TABLES = """
CREATE TABLE deliverables (
    deliverable_id      uuid PRIMARY KEY,
    project_id          uuid NOT NULL,
    code                text NOT NULL,
    title               text NOT NULL,
    work_package        text NOT NULL,
    responsible_partner uuid NOT NULL,
    status              text NOT NULL,
    due_on              date NOT NULL,
    original_due_on     date NOT NULL,
    due_date_changes    integer NOT NULL DEFAULT 0,
    document_ref        text,
    submitted_on        date,
    accepted_on         date,
    accepted_by         text,
    rejected_on         date,
    rejected_by         text,
    rejection_reason    text,
    rejections          integer NOT NULL DEFAULT 0,
    planned_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    last_position       bigint NOT NULL
);
CREATE UNIQUE INDEX deliverables_by_code ON deliverables (project_id, code);
CREATE INDEX deliverables_by_due_date ON deliverables (due_on, deliverable_id);
CREATE INDEX deliverables_by_partner ON deliverables (responsible_partner, due_on);

CREATE TABLE deliverable_due_date_changes (
    deliverable_id  uuid NOT NULL,
    position        bigint NOT NULL,
    previous_due_on date NOT NULL,
    due_on          date NOT NULL,
    justification   text NOT NULL,
    actor           text,
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (deliverable_id, position)
);

CREATE VIEW deliverables_board AS
SELECT d.*,
       CASE WHEN d.status IN ('submitted', 'accepted') AND d.submitted_on IS NOT NULL
            THEN d.submitted_on > d.due_on
            ELSE current_date > d.due_on END AS late
FROM deliverables d;
"""

_PLANNED = """
INSERT INTO deliverables (deliverable_id, project_id, code, title, work_package,
                          responsible_partner, status, due_on, original_due_on, planned_at,
                          updated_at, last_position)
VALUES ($1, $4, $5, $6, $7, $8, 'pending', $9, $9, $2, $2, $3)
"""
_TOUCH = "updated_at = $2, last_position = $3 WHERE deliverable_id = $1"
_DRAFTED = f"UPDATE deliverables SET status = 'draft', document_ref = $4, {_TOUCH}"
_SUBMITTED = f"""
UPDATE deliverables SET status = 'submitted', submitted_on = $4, document_ref = $5, {_TOUCH}
"""
_ACCEPTED = f"""
UPDATE deliverables SET status = 'accepted', accepted_on = $4, accepted_by = $5, {_TOUCH}
"""
_REJECTED = f"""
UPDATE deliverables SET status = 'rejected', rejected_on = $4, rejected_by = $5,
    rejection_reason = $6, rejections = rejections + 1, {_TOUCH}
"""
_DUE_DATE = f"""
UPDATE deliverables SET due_on = $4, due_date_changes = due_date_changes + 1, {_TOUCH}
"""
_DUE_DATE_HISTORY = """
INSERT INTO deliverable_due_date_changes (deliverable_id, position, previous_due_on, due_on,
                                          justification, actor, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
"""


async def _apply(
    connection: asyncpg.Connection, sql: str, event: RecordedEvent, *values: object
) -> None:
    await connection.execute(sql, event.stream_id, event.recorded_at, event.position, *values)


async def planned(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _apply(
        connection, _PLANNED, event, p["project_id"], p["code"], p["title"], p["work_package"],
        p["responsible_partner"], day(p["due_on"]),
    )  # fmt: skip


async def drafted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    await _apply(connection, _DRAFTED, event, event.payload["document_ref"])


async def submitted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _apply(connection, _SUBMITTED, event, day(p["submitted_on"]), p["document_ref"])


async def accepted(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _apply(connection, _ACCEPTED, event, day(p["accepted_on"]), p["accepted_by"])


async def rejected(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _apply(connection, _REJECTED, event, day(p["rejected_on"]), p["rejected_by"], p["reason"])


async def due_date_changed(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await _apply(connection, _DUE_DATE, event, day(p["due_on"]))
    await connection.execute(
        _DUE_DATE_HISTORY, event.stream_id, event.position, day(p["previous_due_on"]),
        day(p["due_on"]), p["justification"], event.metadata.get("actor"), event.recorded_at,
    )  # fmt: skip


PROJECTION = per_event(
    "deliverables",
    1,
    TABLES,
    {
        "Deliverable.Planned": planned,
        "Deliverable.Drafted": drafted,
        "Deliverable.Submitted": submitted,
        "Deliverable.Accepted": accepted,
        "Deliverable.Rejected": rejected,
        "Deliverable.DueDateChanged": due_date_changed,
    },
)
