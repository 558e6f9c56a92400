"""The caller's webhook endpoints and their delivery log (scope webhooks:manage)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.errors import InvalidInput
from hub.api.mutations.common import parse_id
from hub.api.pagination import Connection, connection, cursor_key, page_size
from hub.api.webhooks.access import manager, owner_filter
from hub.api.webhooks.types import WebhookDelivery, WebhookEndpoint
from hub.integrations import webhook_store

DELIVERY_STATES = ("pending", "delivered")


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="The endpoints of the caller's client (admin: every client's).")
    async def webhook_endpoints(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[WebhookEndpoint]:
        owner = owner_filter(manager(info))
        size = page_size(first, info.context.settings.graphql_max_page_size)
        created, endpoint_id = cursor_key(after, datetime.fromisoformat, UUID)
        start = None if created is None else (created, endpoint_id)
        async with info.context.database.pool.acquire() as conn:
            rows = await webhook_store.endpoints(conn, owner, start, size + 1)
        return connection(
            rows, size, WebhookEndpoint.from_row,
            lambda r: [r["created_at"].isoformat(), str(r["endpoint_id"])], after is not None,
        )  # fmt: skip

    @strawberry.field(
        description="Deliveries, newest event first, with every attempt: the delivery log."
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: strawberry.ID | None = None,
        state: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[WebhookDelivery]:
        owner = owner_filter(manager(info))
        if state is not None and state not in DELIVERY_STATES:
            raise InvalidInput(f"state: one of {', '.join(DELIVERY_STATES)}", field="state")
        size = page_size(first, info.context.settings.graphql_max_page_size)
        position, after_endpoint = cursor_key(after, int, UUID)
        endpoint = None if endpoint_id is None else parse_id(endpoint_id, "endpointId")
        async with info.context.database.pool.acquire() as conn:
            rows = await webhook_store.deliveries(
                conn, owner, endpoint_id=endpoint, state=state,
                before=None if position is None else (position, after_endpoint), limit=size + 1,
            )  # fmt: skip
            attempts = await webhook_store.attempts(conn, [r["delivery_id"] for r in rows])
        return connection(
            rows, size, lambda r: WebhookDelivery.from_row(r, attempts.get(r["delivery_id"], [])),
            lambda r: [r["position"], str(r["endpoint_id"])], after is not None,
        )  # fmt: skip
