"""Who manages which endpoints, and what an endpoint may ask for.

Managing needs ``webhooks:manage``. A partner system manages its own client's endpoints;
``admin`` reaches every client's (and may register for a named client). An endpoint asks
only for event types and projects its client may see: a type of a stream hidden from the
client (finance without ``finance:read``, data subjects without ``audit:read``) is
FORBIDDEN, as is a project outside a grant limited to named projects or a programme.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from uuid import UUID

import asyncpg

from domain.catalogue import EVENT_TYPES
from hub.api.context import Caller, Info
from hub.api.errors import ApiError, Forbidden, InvalidInput, NotFound
from hub.api.permissions import require
from hub.integrations.secret_box import SecretBox, SecretKeyMissing
from hub.integrations.webhook_audience import Audience, audience_of, granted_projects
from hub.integrations.webhook_store import EndpointNotFound
from hub.integrations.webhook_urls import UnsafeUrl, resolve

SCOPE = "webhooks:manage"
_EXISTING = "SELECT project_id FROM read.projects WHERE project_id = ANY($1::uuid[])"


class NotConfigured(ApiError):
    code = "NOT_CONFIGURED"


def manager(info: Info) -> Caller:
    caller = require(info, SCOPE)
    info.context.keepable = False
    return caller


def owner_filter(caller: Caller) -> str | None:
    """The client whose endpoints the caller reaches; None: every client's (admin)."""
    if "admin" in caller.scopes:
        return None
    if caller.client_id is None:
        raise Forbidden("webhook endpoints belong to an OAuth client")
    return caller.client_id


def secret_box(info: Info) -> SecretBox:
    try:
        return SecretBox.from_settings(info.context.settings)
    except SecretKeyMissing as error:
        raise NotConfigured(str(error)) from None


@contextmanager
def found() -> Iterator[None]:
    try:
        yield
    except EndpointNotFound as error:
        raise NotFound(str(error)) from None


async def owning_client(
    connection: asyncpg.Connection, caller: Caller, client_id: str | None
) -> Audience:
    """The client a new endpoint belongs to: the caller's own, or (admin) the named one."""
    if client_id is not None and client_id != caller.client_id and "admin" not in caller.scopes:
        raise Forbidden("only admin registers endpoints for another client")
    chosen = client_id or caller.client_id
    audience = None if chosen is None else await audience_of(connection, chosen)
    if audience is None or audience.disabled:
        raise InvalidInput(
            f"no active OAuth client {chosen!r} to own the endpoint", field="clientId"
        )
    if not audience.has("projects:read"):
        raise Forbidden(f"client {chosen} cannot receive events: it lacks projects:read")
    return audience


async def checked_url(url: str, development: bool) -> str:
    try:
        await resolve(url, development=development)
    except UnsafeUrl as error:
        raise InvalidInput(f"url: {error}", field="url") from None
    return url


def checked_event_types(audience: Audience, event_types: Sequence[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise InvalidInput(f"eventTypes: unknown event type {unknown[0]!r}", field="eventTypes")
    hidden = audience.hidden_stream_types()
    refused = sorted(t for t in event_types if t.partition(".")[0] in hidden)
    if refused:
        raise Forbidden(f"client {audience.client_id} may not receive {refused[0]} events")
    return sorted(set(event_types))


async def checked_projects(
    connection: asyncpg.Connection, audience: Audience, project_ids: Sequence[str]
) -> list[UUID]:
    try:
        ids = sorted({UUID(str(p)) for p in project_ids})
    except ValueError:
        raise InvalidInput("projectIds: not an id", field="projectIds") from None
    if not ids:
        return ids
    existing = {row["project_id"] for row in await connection.fetch(_EXISTING, ids)}
    missing = [p for p in ids if p not in existing]
    if missing:
        raise InvalidInput(f"projectIds: no project {missing[0]}", field="projectIds")
    granted = await granted_projects(connection, audience)
    if granted is not None and not set(ids) <= granted:
        raise Forbidden(f"client {audience.client_id}'s grant does not reach these projects")
    return ids
