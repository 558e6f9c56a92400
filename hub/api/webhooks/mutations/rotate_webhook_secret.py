"""rotateWebhookSecret: a new secret; the previous one also signs for 24 hours."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations.common import parse_id
from hub.api.webhooks.access import found, manager, owner_filter, secret_box
from hub.api.webhooks.types import WebhookEndpoint, WebhookEndpointWithSecret
from hub.integrations import webhook_store
from hub.integrations.webhook_signing import format_secret


@strawberry.type
class RotateWebhookSecretMutation:
    @strawberry.mutation(description="Rotate an endpoint's signing secret (shown once).")
    async def rotate_webhook_secret(
        self, info: Info, id: strawberry.ID
    ) -> WebhookEndpointWithSecret:
        owner = owner_filter(manager(info))
        box = secret_box(info)
        async with info.context.database.pool.acquire() as conn:
            with found():
                row, secret = await webhook_store.rotate(conn, box, parse_id(id), owner)
        return WebhookEndpointWithSecret(
            endpoint=WebhookEndpoint.from_row(row), secret=format_secret(secret)
        )
