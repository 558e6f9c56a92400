"""What an endpoint may receive: the same visibility as the `events` subscription of the
client that owns it, re-read at every batch (a client that loses a scope or is disabled
stops receiving at once).

- the client needs ``projects:read`` and must not be disabled;
- finance streams (partner reports, payments, audits) need ``finance:read``, and then only
  of the projects the client's organisation is or was a partner of (every project for
  ``admin`` or ``audit:read``), narrowed by a grant limited to named projects or a
  programme (hub.api.tenancy's rules);
- data-subject streams need ``audit:read``;
- then the endpoint's own filters: event types and projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from hub.api.permissions import FINANCE_STREAM_TYPES, PRIVATE_STREAM_TYPES
from hub.api.tenancy import NAMED_PROJECTS, ORGANISATION_PROJECTS, PROGRAMME_PROJECTS


@dataclass(frozen=True)
class Audience:
    """An OAuth client as the owner of endpoints (its row in ``oauth_clients``)."""

    client_id: str
    organisation: str
    scopes: frozenset[str]
    restrictions: dict[str, Any]
    disabled: bool

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Audience:
        return cls(
            client_id=row["client_id"],
            organisation=row["organisation"],
            scopes=frozenset(row["scopes"]),
            restrictions=dict(row["restrictions"] or {}),
            disabled=row["disabled_at"] is not None,
        )

    def has(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes

    def hidden_stream_types(self) -> frozenset[str]:
        hidden: set[str] = set()
        if not self.has("finance:read"):
            hidden |= FINANCE_STREAM_TYPES
        if not self.has("audit:read"):
            hidden |= PRIVATE_STREAM_TYPES
        return frozenset(hidden)

    @property
    def receives_anything(self) -> bool:
        return not self.disabled and self.has("projects:read")


async def finance_projects(connection: asyncpg.Connection, audience: Audience) -> set[UUID] | None:
    """The projects whose finance events the audience may receive; None: all of them."""
    visible: set[UUID] | None = None
    if not ({"admin", "audit:read"} & audience.scopes):
        try:
            organisation: UUID | None = UUID(audience.organisation)
        except ValueError:
            organisation = None
        rows = (
            []
            if organisation is None
            else await connection.fetch(ORGANISATION_PROJECTS, organisation)
        )
        visible = {row["project_id"] for row in rows}
    limited = await granted_projects(connection, audience)
    return visible if limited is None else _narrow(visible, limited)


async def granted_projects(connection: asyncpg.Connection, audience: Audience) -> set[UUID] | None:
    """The projects a grant limited to named projects or a programme reaches; None: no
    such limit."""
    visible: set[UUID] | None = None
    named = audience.restrictions.get("projects")
    if named is not None:
        names = sorted(str(name) for name in named)
        rows = await connection.fetch(NAMED_PROJECTS, names, [n.lower() for n in names])
        visible = _narrow(visible, {row["project_id"] for row in rows})
    programme = audience.restrictions.get("programme")
    if isinstance(programme, str):
        rows = await connection.fetch(PROGRAMME_PROJECTS, programme)
        visible = _narrow(visible, {row["project_id"] for row in rows})
    return visible


AUDIENCE = """
SELECT client_id, organisation, scopes, restrictions, disabled_at FROM oauth_clients
WHERE client_id = $1
"""


async def audience_of(connection: asyncpg.Connection, client_id: str) -> Audience | None:
    row = await connection.fetchrow(AUDIENCE, client_id)
    return None if row is None else Audience.from_row(row)


def _narrow(visible: set[UUID] | None, allowed: set[UUID]) -> set[UUID]:
    return allowed if visible is None else visible & allowed


@dataclass(frozen=True)
class EndpointFilter:
    """One endpoint's view of a batch: decided once per batch, applied per event."""

    endpoint_id: UUID
    after_position: int
    event_types: frozenset[str]
    project_ids: frozenset[str]
    hidden: frozenset[str]
    finance_projects: frozenset[str] | None

    def wants(self, position: int, stream_type: str, event_type: str, project: str | None) -> bool:
        if position <= self.after_position or stream_type in self.hidden:
            return False
        if self.event_types and event_type not in self.event_types:
            return False
        if self.project_ids and project not in self.project_ids:
            return False
        if stream_type in FINANCE_STREAM_TYPES and self.finance_projects is not None:
            return project in self.finance_projects
        return True
