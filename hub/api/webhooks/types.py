"""GraphQL types of webhook endpoints and their delivery log."""

from __future__ import annotations

from datetime import datetime

import asyncpg
import strawberry

from hub.api.scalars import BigInt
from hub.integrations.webhook_store import Attempt


@strawberry.type(description="Where the hub posts the events a partner system subscribed to.")
class WebhookEndpoint:
    id: strawberry.ID
    client_id: str = strawberry.field(description="The OAuth client that owns the endpoint.")
    url: str
    description: str
    event_types: list[str] = strawberry.field(description="Empty: every type the client sees.")
    project_ids: list[strawberry.ID] = strawberry.field(description="Empty: every project.")
    after_position: BigInt = strawberry.field(
        description="Events after this log position are delivered (the head at registration)."
    )
    enabled: bool
    disabled_reason: str | None = strawberry.field(
        description="Why the endpoint is disabled (by its owner, or after failing too long)."
    )
    disabled_at: datetime | None
    failing_since: datetime | None = strawberry.field(
        description="First failed attempt since the last success; null when healthy."
    )
    created_at: datetime
    previous_secret_expires_at: datetime | None = strawberry.field(
        description="After a rotation, the previous secret also signs until then."
    )

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(str(row["endpoint_id"])),
            client_id=row["client_id"],
            url=row["url"],
            description=row["description"],
            event_types=list(row["event_types"]),
            project_ids=[strawberry.ID(str(p)) for p in row["project_ids"]],
            after_position=BigInt(row["after_position"]),
            enabled=row["enabled"],
            disabled_reason=row["disabled_reason"],
            disabled_at=row["disabled_at"],
            failing_since=row["failing_since"],
            created_at=row["created_at"],
            previous_secret_expires_at=row["previous_expires_at"],
        )


@strawberry.type(description="An endpoint and its signing secret, shown this once.")
class WebhookEndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="`whsec_…`: verify `webhook-signature` with it (docs/partners.md). The hub "
        "never shows it again."
    )


@strawberry.type(description="One attempt to deliver.")
class WebhookAttempt:
    attempted_at: datetime
    succeeded: bool
    status_code: int | None = strawberry.field(description="The receiver's HTTP status, if any.")
    error: str | None
    duration_ms: int
    retry_at: datetime | None = strawberry.field(description="When the next attempt is due.")

    @classmethod
    def from_attempt(cls, attempt: Attempt) -> WebhookAttempt:
        return cls(
            attempted_at=attempt.attempted_at,
            succeeded=attempt.succeeded,
            status_code=attempt.status_code,
            error=attempt.error,
            duration_ms=attempt.duration_ms,
            retry_at=attempt.retry_at,
        )


@strawberry.type(description="One event owed to one endpoint, and every attempt to send it.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(
        description="The `webhook-id` header: the same on every retry and redelivery."
    )
    endpoint_id: strawberry.ID
    position: BigInt
    stream_id: strawberry.ID
    event_type: str
    state: str = strawberry.field(description="`pending` or `delivered`.")
    attempt_count: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    attempts: list[WebhookAttempt]

    @classmethod
    def from_row(cls, row: asyncpg.Record, attempts: list[Attempt]) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(str(row["delivery_id"])),
            endpoint_id=strawberry.ID(str(row["endpoint_id"])),
            position=BigInt(row["position"]),
            stream_id=strawberry.ID(row["stream_id"]),
            event_type=row["event_type"],
            state=row["state"],
            attempt_count=row["attempts"],
            next_attempt_at=row["next_attempt_at"] if row["state"] == "pending" else None,
            last_status=row["last_status"],
            last_error=row["last_error"],
            created_at=row["created_at"],
            delivered_at=row["delivered_at"],
            attempts=[WebhookAttempt.from_attempt(a) for a in attempts],
        )
