"""The audit trail of every entity and the live event feed: one row per event of the
log, with who asked for it (actor, organisation, OAuth client, on whose behalf) and the
project it belongs to when known (for filtered subscriptions).

One table, ``event_feed`` (ordered by position), written by COPY; the view
``audit_trail`` reads it per entity (``WHERE stream_id = … ORDER BY position``).
A stream's project comes from its first event (``project_id`` in the payload, the
stream itself for a Project, the owner for an Activity of a project) and is remembered
in ``stream_projects`` for the stream's later events.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from hub.eventstore import RecordedEvent
from projections.projection import Projection
from projections.read_models.batching import relaxed
from projections.read_models.tables import Rows, upsert

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

COLUMNS = (
    "position", "stream_id", "stream_type", "stream_version", "event_type", "schema_version",
    "project_id", "actor", "organisation", "client_id", "on_behalf_of", "command",
    "correlation_id", "recorded_at",
)  # fmt: skip

STREAM_PROJECTS = Rows(
    "stream_projects", (("stream_id", "text"), ("project_id", "uuid")), ("stream_id",)
)

_KNOWN = "SELECT stream_id, project_id::text FROM stream_projects WHERE stream_id = ANY($1::text[])"


def _project_of_first_event(event: RecordedEvent) -> str | None:
    if event.stream_type == "Project":
        return event.stream_id
    if event.stream_version == 1:
        project_id = event.payload.get("project_id")
        return project_id if isinstance(project_id, str) else None
    return None


async def _known(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> dict[str, str]:
    """The projects of the streams (and activity owners) the batch does not settle itself."""
    settled = {e.stream_id for e in events if e.stream_version == 1}
    wanted = {e.stream_id for e in events if e.stream_id not in settled}
    wanted |= {e.payload["owner_id"] for e in events if e.event_type == "Activity.Recorded"}
    if not wanted:
        return {}
    return dict(await connection.fetch(_KNOWN, sorted(wanted)))


async def apply_batch(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
    projects = await _known(connection, events)
    new_streams: list[tuple[str, str]] = []
    records = []
    for event in events:
        project_id = projects.get(event.stream_id)
        if project_id is None and event.stream_version == 1:
            project_id = _project_of_first_event(event)
            if event.event_type == "Activity.Recorded":
                owner = event.payload["owner_id"]
                project_id = owner if projects.get(owner) == owner else None
            if project_id is not None:
                projects[event.stream_id] = project_id
                new_streams.append((event.stream_id, project_id))
        m = event.metadata
        records.append(
            (
                event.position, event.stream_id, event.stream_type, event.stream_version,
                event.event_type, event.schema_version, project_id, m.get("actor"),
                m.get("organisation"), m.get("client_id"), m.get("on_behalf_of"),
                m.get("command"), m.get("correlation_id"), event.recorded_at,
            )
        )  # fmt: skip
    await connection.copy_records_to_table("event_feed", records=records, columns=COLUMNS)
    await upsert(connection, STREAM_PROJECTS, new_streams)


PROJECTION = Projection("audit_trail", 1, TABLES, apply_batch=relaxed(apply_batch))
