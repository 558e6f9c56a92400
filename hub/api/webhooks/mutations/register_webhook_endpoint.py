"""registerWebhookEndpoint: a new endpoint for the caller's client; its secret, once."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.webhooks.access import (
    checked_event_types,
    checked_projects,
    checked_url,
    manager,
    owning_client,
    secret_box,
)
from hub.api.webhooks.types import WebhookEndpoint, WebhookEndpointWithSecret
from hub.integrations import webhook_store
from hub.integrations.webhook_signing import format_secret


@strawberry.input(description="Where to post, and which events (empty lists: all it may see).")
class RegisterWebhookEndpointInput:
    url: str
    description: str = ""
    event_types: list[str] = strawberry.field(default_factory=list)
    project_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    client_id: str | None = strawberry.field(
        default=None, description="admin only: register for this client instead."
    )


@strawberry.type
class RegisterWebhookEndpointMutation:
    @strawberry.mutation(description="Register an endpoint (scope webhooks:manage).")
    async def register_webhook_endpoint(
        self, info: Info, input: RegisterWebhookEndpointInput
    ) -> WebhookEndpointWithSecret:
        caller = manager(info)
        box = secret_box(info)
        development = info.context.settings.environment == "development"
        url = await checked_url(input.url.strip(), development)
        async with info.context.database.pool.acquire() as conn:
            audience = await owning_client(conn, caller, input.client_id)
            event_types = checked_event_types(audience, input.event_types)
            projects = await checked_projects(conn, audience, input.project_ids)
            row, secret = await webhook_store.register(
                conn, box, client_id=audience.client_id, url=url,
                description=input.description, event_types=event_types, project_ids=projects,
            )  # fmt: skip
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_row(row), secret=format_secret(secret)
        )
