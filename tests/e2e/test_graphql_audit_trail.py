"""Audit trails and project feeds through GraphQL over real HTTP, on the demo data, with
the development caller and with real OAuth tokens of narrower scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.test_oauth_support import basic_client, basic_oauth, serving

OPERATIONS = Path(__file__).parents[2] / "graphql" / "operations"
TRAIL = (OPERATIONS / "AuditorEntityTrail.graphql").read_text()
FEED = """query($p: ID!, $types: [String!], $first: Int, $after: String) {
  projectActivityFeed(projectId: $p, streamTypes: $types, first: $first, after: $after) {
    nodes { position streamId streamType eventType actor }
    pageInfo { hasNextPage endCursor } } }"""
FINANCE = {"PartnerReport", "Payment", "Audit"}


@pytest.fixture(scope="module")
async def client(settings, demo_database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


@pytest.fixture(scope="module")
async def hub(demo_database, tmp_path_factory):
    async with serving(demo_database, tmp_path_factory.mktemp("audit-oauth")) as running:
        yield running


async def bearer(hub, scopes: str) -> GraphQLClient:
    """A GraphQL client holding a client-credentials token with ``scopes``."""
    client_id, secret = await basic_client(hub.database, scopes)
    async with basic_oauth(hub, client_id, secret, scope=scopes) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    address = hub.base.removeprefix("http://")
    return GraphQLClient(address, headers={"authorization": f"Bearer {token['access_token']}"})


async def project_id(client: GraphQLClient, acronym: str) -> str:
    nodes = (await client.data("{ projects(first: 50) { nodes { id acronym } } }"))["projects"]
    return next(str(p["id"]) for p in nodes["nodes"] if p["acronym"] == acronym)


async def trail(client: GraphQLClient, entity: str, first: int = 4) -> list[dict]:
    entries, after = [], None
    while True:
        variables = {"entityId": entity, "first": first, "after": after}
        page = (await client.data(TRAIL, variables))["auditTrail"]
        entries += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return entries
        after = page["pageInfo"]["endCursor"]


async def test_a_projects_trail_lists_its_events_with_their_actors_in_position_order(client):
    pyrenart = await project_id(client, "Pyrenart")
    entries = await trail(client, pyrenart)
    positions = [e["position"] for e in entries]
    assert len(entries) == 18 and positions == sorted(set(positions))
    assert [e["streamVersion"] for e in entries] == list(range(1, 19))
    assert entries[0]["eventType"] == "Project.Registered"
    assert {e["streamType"] for e in entries} == {"Project"}
    assert {e["actor"] for e in entries} == {"hub demo loader"}
    assert all(e["command"] and e["correlationId"].startswith("demo-2021:") for e in entries)


async def test_an_activitys_trail_ends_at_its_current_version(client):
    query = '{ activities(kind: "mobility", first: 1) { nodes { id versionPosition } } }'
    [activity] = (await client.data(query))["activities"]["nodes"]
    entries = await trail(client, activity["id"], first=100)
    assert entries[0]["eventType"] == "Activity.Recorded"
    assert entries[-1]["position"] == activity["versionPosition"]
    assert any(e["eventType"] == "Activity.TravelLegAdded" for e in entries)


async def test_the_project_feed_covers_every_stream_of_the_project(client):
    pyrenart = await project_id(client, "Pyrenart")
    seen = set()
    for kind in ("Project", "Plan", "Deliverable", "Activity", "PartnerReport", "Payment"):
        feed = await client.data(FEED, {"p": pyrenart, "types": [kind], "first": 100})
        nodes = feed["projectActivityFeed"]["nodes"]
        assert nodes and {n["streamType"] for n in nodes} == {kind}
        assert [n["position"] for n in nodes] == sorted(n["position"] for n in nodes)
        seen |= {n["streamId"] for n in nodes}
    assert pyrenart in seen


async def test_a_token_without_finance_read_sees_no_finance_event_in_a_project_feed(hub, client):
    pyrenart = await project_id(client, "Pyrenart")
    reports = await client.data(FEED, {"p": pyrenart, "types": ["PartnerReport"], "first": 1})
    [report] = reports["projectActivityFeed"]["nodes"]
    partner = await bearer(hub, "projects:read")
    narrowed = await partner.data(FEED, {"p": pyrenart, "types": sorted(FINANCE), "first": 100})
    assert narrowed["projectActivityFeed"]["nodes"] == []
    whole = await partner.data(FEED, {"p": pyrenart, "first": 100})
    kinds = {n["streamType"] for n in whole["projectActivityFeed"]["nodes"]}
    assert kinds and not kinds & FINANCE
    assert await trail(partner, report["streamId"]) == []
    finance = await bearer(hub, "projects:read finance:read")
    assert [e["eventType"] for e in await trail(finance, report["streamId"], first=1)][:1] == [
        report["eventType"]
    ]


async def test_an_auditor_sees_the_trail_of_a_partner_report(hub, client):
    pyrenart = await project_id(client, "Pyrenart")
    reports = await client.data(FEED, {"p": pyrenart, "types": ["PartnerReport"], "first": 1})
    [report] = reports["projectActivityFeed"]["nodes"]
    auditor = await bearer(hub, "audit:read finance:read")
    entries = await trail(auditor, report["streamId"], first=50)
    assert entries[0]["position"] == report["position"]
    assert {e["streamType"] for e in entries} == {"PartnerReport"}


async def test_a_token_with_neither_projects_nor_audit_read_is_refused(hub, client):
    pyrenart = await project_id(client, "Pyrenart")
    writer = await bearer(hub, "activities:write")
    result = await writer.execute(TRAIL, {"entityId": pyrenart})
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    result = await writer.execute(FEED, {"p": pyrenart})
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_feed_cursor_is_refused(client):
    pyrenart = await project_id(client, "Pyrenart")
    result = await client.execute(FEED, {"p": pyrenart, "after": "WyJ4Il0"})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
