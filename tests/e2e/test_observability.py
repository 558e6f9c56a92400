"""What operators see: /metrics after real traffic, request ids from HTTP to the log's
metadata, and /readyz flipping with the projections and the database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families

from hub.database import Database, open_database
from hub.lifecycle import projection_runner
from hub.observability.metrics import OperationNames
from hub.settings import Settings
from projections.catalogue import ALL_PROJECTIONS
from tests.conftest import create_database, drop_database
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import metadata_at, mutate, organisation
from tests.e2e.servers import served

NAMES = "query DirectoryNames { organisations(first: 50) { nodes { name } } }"


async def read_models_built(client: GraphQLClient) -> None:
    for _ in range(100):
        if "errors" not in await client.execute(NAMES):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the read models were never built")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, keyed by name and sorted labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def scrape(address: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"http://{address}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


def value(found, name: str, **labels: str) -> float:  # type: ignore[no-untyped-def]
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_the_traffic_and_show_the_projections(settings, fresh_database):
    async with served(settings, fresh_database) as address:
        client = GraphQLClient(address)
        await read_models_built(client)
        before = await scrape(address)
        for _ in range(3):
            await client.data(NAMES)
        await organisation(client, "La Grainerie", "FR")
        refused = await client.execute("query Broken { nothingHere }")
        assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        after = await scrape(address)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("hub_graphql_operations_total", operation="DirectoryNames", outcome="ok") == 3
    assert grew(
        "hub_graphql_operations_total", operation="ManagerRegisterOrganisation", outcome="ok"
    ) == 1  # fmt: skip
    assert (
        grew(
            "hub_graphql_operations_total", operation="Broken", outcome="GRAPHQL_VALIDATION_FAILED"
        )
        == 1
    )
    assert grew("hub_graphql_operation_duration_seconds_count", operation="DirectoryNames") == 3
    assert grew("hub_http_requests_total", route="/graphql", method="POST", status="200") == 5
    assert grew("hub_events_appended_total") == 1
    for projection in ALL_PROJECTIONS:
        assert value(after, "hub_projection_lag_events", projection=projection.name) == 0
        assert value(after, "hub_projection_failed", projection=projection.name) == 0
    open_, max_ = (
        value(after, "hub_db_pool_connections", state="open"),
        value(after, "hub_db_pool_connections", state="max"),
    )
    assert 1 <= open_ <= max_ == settings.db_pool_max_size


def test_client_chosen_operation_names_cannot_grow_the_metrics_without_bound():
    names = OperationNames(limit=200)
    assert names.label(None) == "anonymous"
    assert names.label("not a name; DROP") == "invalid"
    labels = {names.label(f"Generated{n}") for n in range(500)}
    assert "other" in labels
    assert len(labels) == 201
    assert names.label("Generated7") == "Generated7"


async def test_the_request_id_is_echoed_and_becomes_the_events_correlation_id(
    settings, fresh_database
):
    async with served(settings, fresh_database) as address:
        client = GraphQLClient(address, headers={"X-Request-ID": "partner-req-0042"})
        payload = await mutate(
            client, "ManagerRegisterOrganisation", name="Théâtre de l'Archipel", country="FR",
            region="Occitanie", legalStatus="public_body", vatRecovery="no", languages=["fr"],
        )  # fmt: skip
        async with httpx.AsyncClient() as http:
            echoed = await http.get(f"http://{address}/healthz", headers={"X-Request-ID": "abc-1"})
            made_up = await http.get(f"http://{address}/healthz")
            refused = await http.get(
                f"http://{address}/healthz", headers={"X-Request-ID": "bad id\twith spaces"}
            )
    assert (await metadata_at(fresh_database, payload["position"]))[
        "correlation_id"
    ] == "partner-req-0042"
    assert echoed.headers["x-request-id"] == "abc-1"
    assert len(made_up.headers["x-request-id"]) == 36
    assert refused.headers["x-request-id"] != "bad id\twith spaces"


@asynccontextmanager
async def own_database(settings: Settings, admin_url: str) -> AsyncIterator[tuple[str, Database]]:
    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        yield url, database
    finally:
        await database.close()
        await drop_database(admin_url, url)


async def ready(address: str) -> tuple[int, dict[str, str]]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"http://{address}/readyz")
    return response.status_code, response.json()["checks"]


async def eventually(address: str, status: int) -> dict[str, str]:
    for _ in range(100):
        code, checks = await ready(address)
        if code == status:
            return checks
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz never answered {status}: {checks}")


async def test_readiness_follows_the_projections_lag(settings, admin_url):
    lagging = settings.model_copy(
        update={"run_projections": False, "ready_max_projection_lag_seconds": 0.2}
    )
    async with own_database(lagging, admin_url) as (_, database):
        async with served(lagging, database) as address:
            client = GraphQLClient(address)
            assert (await ready(address))[0] == 200  # an empty log: nothing to lag behind
            await organisation(client, "Odia Normandie", "FR")  # no projector runs
            checks = await eventually(address, 503)
            assert "organisations" in checks["projections"]
            assert checks["database"] == "ok"
            runner = projection_runner(database, lagging)
            await runner.start()
            try:
                await eventually(address, 200)
            finally:
                await runner.stop()


async def test_readiness_fails_while_the_database_is_gone_and_recovers(settings, admin_url):
    async with own_database(settings, admin_url) as (url, database):
        async with served(settings, database) as address:
            assert (await ready(address))[0] == 200
            name = url.rsplit("/", 1)[1]
            admin = await asyncpg.connect(admin_url)
            try:
                await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                await admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                    name,
                )
                checks = await eventually(address, 503)
                assert checks["database"] != "ok"
                await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
                await eventually(address, 200)
            finally:
                await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
                await admin.close()
