"""redeliverWebhook: send a delivery again, with the same webhook-id."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.mutations.common import parse_id
from hub.api.webhooks.access import found, manager, owner_filter
from hub.api.webhooks.types import WebhookDelivery
from hub.integrations import webhook_store


@strawberry.type
class RedeliverWebhookMutation:
    @strawberry.mutation(
        description="Queue a delivery again (delivered or not); it goes when its stream allows."
    )
    async def redeliver_webhook(self, info: Info, delivery_id: strawberry.ID) -> WebhookDelivery:
        owner = owner_filter(manager(info))
        delivery = parse_id(delivery_id, "deliveryId")
        async with info.context.database.pool.acquire() as conn:
            with found():
                row = await webhook_store.redeliver(conn, delivery, owner)
            attempts = await webhook_store.attempts(conn, [row["delivery_id"]])
        return WebhookDelivery.from_row(row, attempts.get(row["delivery_id"], []))
