"""The auditor's raw event stream (`eventLog`) over real HTTP: filters, cursors and scope."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from hub.eventstore import EventStore, Metadata, NewEvent
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.test_oauth_support import basic_client, basic_oauth, serving

LOG = """query Log($first: Int, $after: String, $stream: ID, $types: [String!], $actor: String,
  $organisation: String, $client: String, $from: DateTime, $before: DateTime) {
  eventLog(first: $first, after: $after, streamId: $stream, eventTypes: $types, actor: $actor,
           organisation: $organisation, clientId: $client, recordedFrom: $from,
           recordedBefore: $before) {
    nodes { position eventType metadata recordedAt }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture(scope="module")
async def client(settings, demo_database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


async def every_page(log: GraphQLClient, **filters: Any) -> list[int]:
    """Follow the cursors to the end; the positions of every node, in order."""
    positions: list[int] = []
    after = None
    while True:
        page = (await log.data(LOG, {"first": 100, "after": after, **filters}))["eventLog"]
        positions += [node["position"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return positions
        after = page["pageInfo"]["endCursor"]


async def positions(demo_database, condition: str, *args: Any) -> list[int]:
    rows = await demo_database.pool.fetch(
        f"SELECT position FROM events WHERE {condition} ORDER BY position", *args
    )
    return [row["position"] for row in rows]


async def test_the_log_filters_by_actor_across_pages(client, demo_database):
    actor, total = await demo_database.pool.fetchrow(
        "SELECT metadata->>'actor', count(*) FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    assert total > 100, "the filter must span several pages"
    expected = await positions(demo_database, "metadata->>'actor' = $1", actor)
    assert await every_page(client, actor=actor) == expected


async def test_the_log_filters_by_actor_and_event_types_together(client, demo_database):
    actor, event_type = await demo_database.pool.fetchrow(
        "SELECT metadata->>'actor', event_type FROM events GROUP BY 1, 2"
        " ORDER BY count(*) DESC LIMIT 1"
    )
    expected = await positions(
        demo_database,
        "metadata->>'actor' = $1 AND event_type = ANY($2)",
        actor,
        [event_type, "Project.Registered"],
    )
    got = await every_page(client, actor=actor, types=[event_type, "Project.Registered"])
    assert got == expected and got
    assert await every_page(client, actor="user:nobody") == []


async def test_the_log_filters_by_organisation_and_oauth_client(settings, fresh_database):
    store = EventStore(fresh_database.pool, {"Project"})
    for n in range(6):
        who = Metadata(
            actor=f"user:{n % 2}", organisation=f"org:{n % 3}", client_id=f"client-{n % 3}"
        )
        stream = str(uuid.uuid4())
        await store.append(stream, "Project", 0, [NewEvent("Project.Noted", {"n": n})], who)
    async with served(settings, fresh_database) as address:
        log = GraphQLClient(address)
        assert await every_page(log, client="client-1") == [2, 5]
        assert await every_page(log, organisation="org:2") == [3, 6]
        assert await every_page(log, organisation="org:1", actor="user:1") == [2]
        assert await every_page(log, organisation="org:1", client="client-2") == []


async def test_the_log_filters_by_a_time_range_and_a_stream(client, demo_database):
    size = await demo_database.pool.fetchval("SELECT max(position) FROM events")
    since, before = [
        await demo_database.pool.fetchval(
            "SELECT recorded_at FROM events WHERE position = $1", position
        )
        for position in (size // 3, 2 * size // 3)
    ]
    expected = await positions(
        demo_database, "recorded_at >= $1 AND recorded_at < $2", since, before
    )
    got = await every_page(client, **{"from": since.isoformat(), "before": before.isoformat()})
    assert got == expected and 0 < len(got) < size
    stream = await demo_database.pool.fetchval(
        "SELECT stream_id FROM events WHERE position = $1", size // 2
    )
    in_stream = await positions(
        demo_database,
        "stream_id = $1 AND recorded_at >= $2 AND recorded_at < $3",
        stream,
        since,
        before,
    )
    assert (
        await every_page(
            client, stream=stream, **{"from": since.isoformat(), "before": before.isoformat()}
        )
        == in_stream
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"from": "2026-03-02T00:00:00Z", "before": "2026-03-01T00:00:00Z"}, "earlier than"),
        ({"from": "2026-03-01T00:00:00"}, "UTC offset"),
        ({"after": "bm90LWEtY3Vyc29y"}, "cursor"),
    ],
    ids=["empty-range", "naive-time", "bad-cursor"],
)
async def test_bad_filters_are_invalid_input(client, variables, message):
    result = await client.execute(LOG, variables)
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert message in result["errors"][0]["message"]


@pytest.fixture(scope="module")
async def hub(demo_database, tmp_path_factory):
    async with serving(demo_database, tmp_path_factory.mktemp("log-oauth")) as running:
        yield running


async def token_client(hub, scopes: str) -> GraphQLClient:
    client_id, secret = await basic_client(hub.database, scopes)
    async with basic_oauth(hub, client_id, secret, scope=scopes) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    address = hub.base.removeprefix("http://")
    return GraphQLClient(address, headers={"authorization": f"Bearer {token['access_token']}"})


async def test_the_log_needs_the_audit_read_scope(hub, demo_database):
    partner = await token_client(hub, "projects:read finance:read")
    refused = await partner.execute(LOG, {"first": 1})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    auditor = await token_client(hub, "audit:read")
    page = (await auditor.data(LOG, {"first": 3}))["eventLog"]
    assert [node["position"] for node in page["nodes"]] == [1, 2, 3]
