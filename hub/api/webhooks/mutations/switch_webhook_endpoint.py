"""enableWebhookEndpoint, disableWebhookEndpoint, deleteWebhookEndpoint."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations.common import parse_id
from hub.api.webhooks.access import found, manager, owner_filter
from hub.api.webhooks.types import WebhookEndpoint
from hub.integrations import webhook_store


@strawberry.type
class SwitchWebhookEndpointMutation:
    @strawberry.mutation(
        description="Resume deliveries (pending ones first); clears the failure record."
    )
    async def enable_webhook_endpoint(self, info: Info, id: strawberry.ID) -> WebhookEndpoint:
        owner = owner_filter(manager(info))
        async with info.context.database.pool.acquire() as conn:
            with found():
                row = await webhook_store.enable(conn, parse_id(id), owner)
        return WebhookEndpoint.from_row(row)

    @strawberry.mutation(
        description="Stop deliveries; events recorded meanwhile are not owed to it."
    )
    async def disable_webhook_endpoint(
        self, info: Info, id: strawberry.ID, reason: str = "disabled by its owner"
    ) -> WebhookEndpoint:
        owner = owner_filter(manager(info))
        async with info.context.database.pool.acquire() as conn:
            with found():
                row = await webhook_store.disable(conn, parse_id(id), owner, reason)
        return WebhookEndpoint.from_row(row)

    @strawberry.mutation(description="Delete the endpoint and its delivery log.")
    async def delete_webhook_endpoint(self, info: Info, id: strawberry.ID) -> WebhookEndpoint:
        owner = owner_filter(manager(info))
        async with info.context.database.pool.acquire() as conn:
            with found():
                row = await webhook_store.delete(conn, parse_id(id), owner)
        return WebhookEndpoint.from_row(row)
