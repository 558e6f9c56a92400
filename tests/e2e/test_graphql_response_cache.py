"""Query responses are kept per log position, and never outlive a change."""

from __future__ import annotations

import asyncio

from domain.organisation import LegalStatus, VatRecovery
from hub.api.context import Caller
from hub.api.response_cache import ResponseCache
from hub.commands import RegisterOrganisation
from hub.handlers import bootstrap
from projections.catalogue import ALL_PROJECTIONS
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.sql_counter import counting_database
from tests.integration.command_fixtures import context, running_project

READ_MODELS = [projection.name for projection in ALL_PROJECTIONS]
NAMES = "{ organisations(first: 50) { nodes { name } } }"


async def settled(client: GraphQLClient, expected: int) -> list[str]:
    """The organisation names once the read models show ``expected`` of them."""
    for _ in range(100):
        result = await client.execute(NAMES)
        if "errors" in result:  # read models still being built: retryable
            assert result["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
        else:
            names = [n["name"] for n in result["data"]["organisations"]["nodes"]]
            if len(names) == expected:
                return names
        await asyncio.sleep(0.05)
    raise AssertionError(f"read models never showed {expected} organisations")


async def caught_up(database) -> None:
    """Wait until every read model has reached the log's head (answers are kept from then)."""
    for _ in range(200):
        if await ResponseCache(READ_MODELS).position(database.pool) is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the read models never caught up")


async def test_a_repeated_query_is_answered_without_reading_the_read_models(
    settings, fresh_database_url
):
    async with counting_database(settings, fresh_database_url) as (database, counter):
        await running_project(database)
        async with served(settings, database) as address:
            client = GraphQLClient(address)
            await settled(client, 2)
            await caught_up(database)
            first = [n["name"] for n in (await client.data(NAMES))["organisations"]["nodes"]]
            counter.reset()
            again = [n["name"] for n in (await client.data(NAMES))["organisations"]["nodes"]]
    assert again == first
    assert counter.count("FROM read.organisations") == 0
    assert counter.count("projection_checkpoints") == 1


async def test_a_change_to_the_log_is_seen_by_the_next_query(settings, fresh_database):
    await running_project(fresh_database)
    async with served(settings, fresh_database) as address:
        client = GraphQLClient(address)
        await settled(client, 2)
        await bootstrap(fresh_database.pool).execute(
            RegisterOrganisation(
                "Odia Normandie", "FR", "Normandie",
                LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO,
            ),
            context(),
        )  # fmt: skip
        names = await settled(client, 3)
    assert "Odia Normandie" in names


def test_mutations_and_subscriptions_are_never_kept():
    cache = ResponseCache(READ_MODELS)
    assert cache.is_query("{ organisations { nodes { name } } }", None)
    assert not cache.is_query("mutation { x }", None)
    assert not cache.is_query("subscription { events { position } }", None)
    two = "query A { a } mutation B { b }"
    assert cache.is_query(two, "A") and not cache.is_query(two, "B")
    assert not cache.is_query(two, None)
    assert not cache.is_query("{ not graphql", None)


def test_the_key_tells_callers_languages_and_variables_apart():
    partner = Caller("client:a", "org-1", frozenset({"projects:read", "finance:read"}), "a")
    other = Caller("client:b", "org-2", frozenset({"projects:read", "finance:read"}), "b")
    fewer = Caller("client:a", "org-1", frozenset({"projects:read"}), "a")
    keys = {
        ResponseCache.key(NAMES, None, {}, partner, "en"),
        ResponseCache.key(NAMES, None, {}, other, "en"),
        ResponseCache.key(NAMES, None, {}, fewer, "en"),
        ResponseCache.key(NAMES, None, {}, partner, "fr"),
        ResponseCache.key(NAMES, None, {"first": 2}, partner, "en"),
    }
    assert len(keys) == 5
    assert ResponseCache.key(NAMES, None, {}, partner, "en") in keys


async def test_nothing_is_kept_while_a_read_model_has_not_started(fresh_database):
    """A read model whose runner has not yet written its checkpoint row is behind, however
    far the others have got."""
    pool = fresh_database.pool
    await pool.execute(
        "INSERT INTO projection_checkpoints (name, generation, schema_name, version, active, state)"
        " VALUES ('organisations', 1, 'read_organisations_g1', 1, true, 'running')"
    )
    assert await ResponseCache(["organisations"]).position(pool) == (0, 0)
    assert await ResponseCache(["organisations", "projects"]).position(pool) is None
