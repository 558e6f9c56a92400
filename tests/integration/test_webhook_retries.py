"""Retries with backoff, a stable webhook-id, and disabling an endpoint that keeps failing,
with the hub's dispatcher and sender in the test's loop and a receiver on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from hub.database import Database
from hub.integrations import webhook_store
from hub.integrations.secret_box import SecretBox
from hub.integrations.webhook_retry import RetryPolicy
from hub.integrations.webhook_service import WebhookService
from hub.lifecycle import projection_runner
from hub.settings import Settings, load_settings
from tests.e2e.test_oauth_support import add_client
from tests.e2e.webhook_receiver import Receiver, receiving
from tests.e2e.webhook_support import register_organisations, until

FAST = {"projection_poll_seconds": 0.1, "webhook_retry_base_seconds": 0.05,
        "webhook_retry_max_seconds": 0.4}  # fmt: skip


@asynccontextmanager
async def delivering(database: Database, settings: Settings) -> AsyncIterator[None]:
    runner = projection_runner(database, settings)
    service = WebhookService(database, settings)
    await runner.start()
    await service.start()
    try:
        yield
    finally:
        await service.stop()
        await runner.stop()


async def endpoint(database: Database, settings: Settings, url: str):
    client_id = await add_client(database, scopes={"projects:read"})
    async with database.pool.acquire() as connection:
        row, _ = await webhook_store.register(
            connection, SecretBox.from_settings(settings), client_id=client_id, url=url,
            description="", event_types=[], project_ids=[],
        )  # fmt: skip
    return row["endpoint_id"]


async def attempts_of(database: Database, endpoint_id):
    return await database.pool.fetch(
        "SELECT a.*, d.attempts AS total, d.state FROM webhook_attempts a"
        " JOIN webhook_deliveries d USING (delivery_id) WHERE d.endpoint_id = $1"
        " ORDER BY attempt_id",
        endpoint_id,
    )


async def test_a_failed_delivery_is_retried_with_growing_delays_and_the_same_id(
    fresh_database, tmp_path
):
    settings = load_settings(data_dir=tmp_path, **FAST)
    policy = RetryPolicy(0.05, 0.4, settings.webhook_disable_after_seconds)
    with receiving(Receiver([500, 503, 500, 429])) as receiver:
        endpoint_id = await endpoint(fresh_database, settings, receiver.url)
        async with delivering(fresh_database, settings):
            await register_organisations(fresh_database, 1)
            await until(lambda: len(receiver.requests) == 5)
            await until(lambda: _delivered(fresh_database, endpoint_id))
    assert len(set(receiver.ids())) == 1
    attempts = await attempts_of(fresh_database, endpoint_id)
    assert [a["status_code"] for a in attempts] == [500, 503, 500, 429, 204]
    assert [a["succeeded"] for a in attempts] == [False] * 4 + [True]
    for number, attempt in enumerate(attempts[:4], start=1):
        delay = attempt["retry_at"] - attempt["attempted_at"]
        assert timedelta(0) <= delay <= timedelta(seconds=policy.ceiling(number))
        assert attempts[number]["attempted_at"] >= attempt["retry_at"]
    assert [policy.ceiling(n) for n in (1, 2, 3, 4, 5)] == [0.05, 0.1, 0.2, 0.4, 0.4]


async def _delivered(database: Database, endpoint_id) -> bool:
    state = await database.pool.fetchval(
        "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", endpoint_id
    )
    return state == "delivered"


async def test_an_endpoint_failing_for_the_configured_period_is_disabled_with_its_reason(
    fresh_database, tmp_path
):
    # one attempt at a time, so none can start while another is disabling the endpoint
    options = {"webhook_disable_after_seconds": 0.3, "webhook_concurrency": 1}
    settings = load_settings(data_dir=tmp_path, **options, **FAST)
    receiver = Receiver()
    receiver.always = 500
    with receiving(receiver):
        endpoint_id = await endpoint(fresh_database, settings, receiver.url)
        async with delivering(fresh_database, settings):
            await register_organisations(fresh_database, 2)
            await until(lambda: _disabled(fresh_database, endpoint_id))
            later = await register_organisations(fresh_database, 1)
            await until(lambda: _dispatched(fresh_database, later[0]))
    row = await fresh_database.pool.fetchrow(
        "SELECT * FROM webhook_endpoints WHERE endpoint_id = $1", endpoint_id
    )
    assert "HTTP 500" in row["disabled_reason"] and row["failing_since"] is not None
    attempts = await attempts_of(fresh_database, endpoint_id)
    assert len(attempts) >= 2 and not any(a["succeeded"] for a in attempts)
    assert all(a["attempted_at"] <= row["disabled_at"] for a in attempts)  # none once disabled
    states = await fresh_database.pool.fetch(
        "SELECT state FROM webhook_deliveries WHERE endpoint_id = $1", endpoint_id
    )
    # kept for when it is enabled again; the event recorded while disabled is not owed
    assert [s["state"] for s in states] == ["pending", "pending"]


async def _dispatched(database: Database, position: int) -> bool:
    reached = await database.pool.fetchval("SELECT position FROM webhook_dispatch")
    return reached >= position


async def _disabled(database: Database, endpoint_id) -> bool:
    enabled = await database.pool.fetchval(
        "SELECT enabled FROM webhook_endpoints WHERE endpoint_id = $1", endpoint_id
    )
    return enabled is False
