"""Named SQL on the audit trail (``read.event_feed``): one row per event of the log, with
who asked for it, read per entity (its stream) or per project (every stream of it)."""

from __future__ import annotations

from uuid import UUID

from hub.api.context import Caller
from hub.api.permissions import hidden_stream_types

ENTRY_COLUMNS = (
    "position, stream_id, stream_type, stream_version, event_type, schema_version, project_id,"
    " actor, organisation, client_id, on_behalf_of, command, correlation_id, recorded_at"
)

# $1 after position, $2 hidden stream types, $3 the caller's projects (NULL: all), $4 limit
_VISIBLE = """
  AND position > $1
  AND stream_type <> ALL($2::text[])
  AND ($3::uuid[] IS NULL OR project_id = ANY($3))
ORDER BY position
LIMIT $4
"""

ENTITY_TRAIL = f"SELECT {ENTRY_COLUMNS} FROM read.event_feed WHERE stream_id = $5 {_VISIBLE}"

PROJECT_FEED = f"""
SELECT {ENTRY_COLUMNS} FROM read.event_feed
WHERE project_id = $5 AND ($6::text[] IS NULL OR stream_type = ANY($6)) {_VISIBLE}
"""


def hidden(caller: Caller) -> list[str]:
    return sorted(hidden_stream_types(caller))


def granted_projects(caller: Caller) -> list[UUID] | None:
    """The projects an auditor's grant names (None: no limit); names that are not ids
    match nothing."""
    if caller.projects is None:
        return None
    granted = []
    for project in caller.projects:
        try:
            granted.append(UUID(project))
        except ValueError:
            continue
    return granted
