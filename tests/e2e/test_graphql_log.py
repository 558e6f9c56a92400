"""The log through GraphQL over real HTTP and WebSocket: pages, head, live feed, limits."""

from __future__ import annotations

import asyncio
import hashlib
import uuid

import pytest

from hub.database import Database
from hub.eventstore import EventStore, NewEvent
from hub.settings import Settings, load_settings
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served

PAGE = """query Page($first: Int, $after: String, $stream: ID) {
  eventLog(first: $first, after: $after, streamId: $stream) {
    edges { cursor node { position streamId eventType payload } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}"""


@pytest.fixture
async def client(settings: Settings, fresh_database: Database):
    async with served(settings, fresh_database) as address:
        yield GraphQLClient(address)


async def append(database: Database, stream: str, count: int, start: int = 0) -> None:
    store = EventStore(database.pool, {"Project"})
    events = [NewEvent("Project.Noted", {"n": start + i}) for i in range(count)]
    await store.append(stream, "Project", start, events)


async def test_the_log_pages_by_cursor_to_an_empty_last_page(client, fresh_database):
    await append(fresh_database, "s-1", 5)
    first = (await client.data(PAGE, {"first": 2}))["eventLog"]
    assert [e["node"]["position"] for e in first["edges"]] == [1, 2]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    cursor = first["pageInfo"]["endCursor"]
    rest = (await client.data(PAGE, {"first": 10, "after": cursor}))["eventLog"]
    assert [e["node"]["payload"]["n"] for e in rest["edges"]] == [2, 3, 4]
    assert not rest["pageInfo"]["hasNextPage"] and rest["pageInfo"]["hasPreviousPage"]
    empty = await client.data(PAGE, {"first": 10, "after": rest["pageInfo"]["endCursor"]})
    assert empty["eventLog"]["edges"] == []


async def test_the_log_filters_by_stream_and_reports_its_head(client, fresh_database):
    await append(fresh_database, "s-a", 2)
    await append(fresh_database, "s-b", 3)
    page = (await client.data(PAGE, {"stream": "s-b"}))["eventLog"]
    assert {e["node"]["streamId"] for e in page["edges"]} == {"s-b"}
    head = (await client.data("{ logHead { position hash } }"))["logHead"]
    stored = await EventStore(fresh_database.pool, ()).head()
    assert head == {"position": 5, "hash": stored.hash.hex()}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ eventLog(first: 1000) { edges { cursor } } }", "INVALID_INPUT"),
        ('{ eventLog(after: "!!not-a-cursor") { edges { cursor } } }', "INVALID_INPUT"),
        ("{ " + " ".join(f"a{i}: logHead {{ position }}" for i in range(40)) + " }", None),
        ("{ eventLog { " + "edges { node { payload } } " * 1 + "} }", "ok"),
    ],
    ids=["page-too-large", "bad-cursor", "too-many-aliases", "fine"],
)
async def test_abusive_queries_are_refused_with_a_clear_error(client, query, code):
    result = await client.execute(query)
    if code == "ok":
        assert "errors" not in result
        return
    assert result["errors"], result
    if code:
        assert result["errors"][0]["extensions"]["code"] == code
    else:
        assert "aliases" in result["errors"][0]["message"]


async def test_a_too_deep_query_is_refused(settings, fresh_database):
    shallow = load_settings(graphql_max_depth=2)
    async with served(shallow, fresh_database) as address:
        result = await GraphQLClient(address).execute(
            "{ eventLog { edges { node { position } } } }"
        )
    assert "exceeds maximum operation depth" in result["errors"][0]["message"]


async def test_a_body_over_the_limit_gets_413(client):
    response = await client.post({"query": "{ logHead { position } }", "pad": "x" * 300_000})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


async def test_persisted_queries_need_the_query_once_then_only_its_hash(client, fresh_database):
    query = "{ logHead { position } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = (await client.post({"extensions": extensions})).json()
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    first = (await client.post({"query": query, "extensions": extensions})).json()
    again = (await client.post({"extensions": extensions})).json()
    assert first == again == {"data": {"logHead": {"position": 0}}}
    wrong = (await client.post({"query": "{ __typename }", "extensions": extensions})).json()
    assert wrong["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_production_asks_a_request_without_a_token_for_one(fresh_database):
    production = load_settings(environment="production")
    async with served(production, fresh_database) as address:
        response = await GraphQLClient(address).post({"query": "{ logHead { position } }"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer ")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_production_opens_to_anonymous_requests_only_the_scopes_settings_name(
    fresh_database,
):
    production = load_settings(environment="production", graphql_anonymous_scopes="projects:read")
    async with served(production, fresh_database) as address:
        client = GraphQLClient(address)
        public = await client.execute("{ projects(first: 1) { nodes { acronym } } }")
        audit = await client.execute("{ logHead { position } }")
    assert "errors" not in public or public["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    assert audit["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_production_turns_off_introspection_and_the_ide(fresh_database):
    production = load_settings(environment="production", graphql_anonymous_scopes="projects:read")
    async with served(production, fresh_database) as address:
        client = GraphQLClient(address)
        result = await client.execute("{ __schema { types { name } } }")
        ide = await client.post({}, accept="text/html")
    assert "introspection" in result["errors"][0]["message"].lower()
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()


SUBSCRIBE = """subscription Feed($after: BigInt, $project: ID) {
  events(after: $after, projectId: $project) { position streamId payload }
}"""


async def test_a_subscription_receives_events_appended_after_it_started(client, fresh_database):
    await append(fresh_database, "s-old", 2)
    async with client.subscribe(SUBSCRIBE, {"project": "s-live"}) as feed:
        await asyncio.sleep(0.2)
        await append(fresh_database, "s-other", 1)
        await append(fresh_database, "s-live", 2)
        received = [await asyncio.wait_for(feed.next(), 5) for _ in range(2)]
    events = [r["data"]["events"] for r in received]
    assert [(e["streamId"], e["payload"]["n"]) for e in events] == [("s-live", 0), ("s-live", 1)]


async def test_a_subscription_resumes_from_a_position_without_gap_or_duplicate(
    client, fresh_database
):
    stream = str(uuid.uuid4())
    await append(fresh_database, stream, 3)
    async with client.subscribe(SUBSCRIBE, {"after": 1}) as feed:
        history = [await asyncio.wait_for(feed.next(), 5) for _ in range(2)]
        await append(fresh_database, stream, 2, start=3)
        live = [await asyncio.wait_for(feed.next(), 5) for _ in range(2)]
    positions = [m["data"]["events"]["position"] for m in history + live]
    assert positions == [2, 3, 4, 5]
