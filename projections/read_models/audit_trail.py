"""The audit trail of every entity and the live event feed: one row per event of the
log, with who asked for it (actor, organisation, OAuth client, on whose behalf) and the
project it belongs to when known (for filtered subscriptions).

One table, ``event_feed`` (ordered by position), filled inside PostgreSQL; the view
``audit_trail`` reads it per entity (``WHERE stream_id = … ORDER BY position``).
A stream's project comes from its first event (``project_id`` in the payload, the
stream itself for a Project, the owner for an Activity of a project) and is remembered
in ``stream_projects`` for the stream's later events.
"""

from __future__ import annotations

import asyncpg

from projections.projection import Projection
from projections.read_models.batching import RELAXED_COMMIT

TABLES = """
CREATE TABLE event_feed (
    position       bigint PRIMARY KEY,
    stream_id      text NOT NULL,
    stream_type    text NOT NULL,
    stream_version integer NOT NULL,
    event_type     text NOT NULL,
    schema_version integer NOT NULL,
    project_id     uuid,
    actor          text,
    organisation   text,
    client_id      text,
    on_behalf_of   text,
    command        text,
    correlation_id text,
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX event_feed_by_stream ON event_feed (stream_id, position);
CREATE INDEX event_feed_by_project ON event_feed (project_id, position)
    WHERE project_id IS NOT NULL;

CREATE TABLE stream_projects (
    stream_id  text PRIMARY KEY,
    project_id uuid NOT NULL
);

CREATE VIEW audit_trail AS
SELECT stream_id, stream_type, stream_version, position, event_type, actor, organisation,
       client_id, on_behalf_of, command, correlation_id, recorded_at
FROM event_feed;
"""

# The statements below run in the database over a stretch of the log ($1 < position <= $2):
# no event travels to Python. In order: the streams whose first event names their project,
# the activities whose owner is a project, then one feed row per event.
_FIRST_EVENTS = """
INSERT INTO stream_projects (stream_id, project_id)
SELECT e.stream_id,
       (CASE WHEN e.stream_type = 'Project' THEN e.stream_id
             ELSE e.payload ->> 'project_id' END)::uuid
FROM events e
WHERE e.position > $1 AND e.position <= $2 AND e.stream_version = 1
  AND e.event_type <> 'Activity.Recorded'
  AND (e.stream_type = 'Project' OR jsonb_typeof(e.payload -> 'project_id') = 'string')
ON CONFLICT (stream_id) DO UPDATE SET project_id = excluded.project_id
"""

_PROJECT_ACTIVITIES = """
INSERT INTO stream_projects (stream_id, project_id)
SELECT e.stream_id, owner.project_id
FROM events e
JOIN stream_projects owner
  ON owner.stream_id = e.payload ->> 'owner_id' AND owner.project_id::text = owner.stream_id
WHERE e.position > $1 AND e.position <= $2 AND e.stream_version = 1
  AND e.event_type = 'Activity.Recorded'
ON CONFLICT (stream_id) DO UPDATE SET project_id = excluded.project_id
"""

_FEED = """
INSERT INTO event_feed (position, stream_id, stream_type, stream_version, event_type,
                        schema_version, project_id, actor, organisation, client_id,
                        on_behalf_of, command, correlation_id, recorded_at)
SELECT e.position, e.stream_id, e.stream_type, e.stream_version, e.event_type,
       e.schema_version, p.project_id, e.metadata ->> 'actor', e.metadata ->> 'organisation',
       e.metadata ->> 'client_id', e.metadata ->> 'on_behalf_of', e.metadata ->> 'command',
       e.metadata ->> 'correlation_id', e.recorded_at
FROM events e
LEFT JOIN stream_projects p ON p.stream_id = e.stream_id
WHERE e.position > $1 AND e.position <= $2
"""


async def apply_range(connection: asyncpg.Connection, after: int, last: int) -> None:
    await connection.execute(RELAXED_COMMIT)
    for statement in (_FIRST_EVENTS, _PROJECT_ACTIVITIES, _FEED):
        await connection.execute(statement, after, last)


PROJECTION = Projection("audit_trail", 1, TABLES, apply_range=apply_range)
