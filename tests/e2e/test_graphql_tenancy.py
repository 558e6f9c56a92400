"""Finance tenancy with real OAuth tokens on the demo: a partner's system reads its own
projects' finance and nothing else, an auditor what its grant names, and no token without
finance:read reads any of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from domain.project import Project
from hub.database import Database
from hub.demo.organisations import org_id
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.sql_counter import counting_database
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving

PYRENART = str(Project.create_id("Pyrenart"))
TRAVESIA = str(Project.create_id("Travesía"))
BE_SPECTACTIVE = str(Project.create_id("Be SpectACTive! 2"))
STRONGER_PERIPHERIES = str(Project.create_id("Stronger Peripheries"))

BUDGET = """query($p: ID, $partner: ID, $after: String) {
  budget(projectId: $p, partnerId: $partner, first: 100, after: $after) {
    nodes { projectId budget { amount } } pageInfo { hasNextPage endCursor } } }"""
LISTS = {
    "budget": BUDGET,
    "partnerReports": "query($p: ID, $after: String) { partnerReports(projectId: $p, first: 7,"
    " after: $after) { nodes { projectId } pageInfo { hasNextPage endCursor } } }",
    "expenditureLines": "query($p: ID, $after: String) { expenditureLines(projectId: $p,"
    " first: 100, after: $after) { nodes { projectId } pageInfo { hasNextPage endCursor } } }",
    "payments": "query($p: ID, $after: String) { payments(projectId: $p, first: 2,"
    " after: $after) { nodes { projectId } pageInfo { hasNextPage endCursor } } }",
}
SUMMARY = "query($p: ID!) { budgetSummary(projectId: $p) { partner { name } } }"


@pytest.fixture(scope="module")
async def hub(demo_database: Database, tmp_path_factory: pytest.TempPathFactory):
    async with serving(demo_database, tmp_path_factory.mktemp("tenancy")) as running:
        yield running


async def client_for(hub: Hub, scopes: str, organisation: str, **values: Any) -> GraphQLClient:
    """A GraphQL client holding a client-credentials token of a new partner system."""
    client_id, secret = await basic_client(
        hub.database, scopes, organisation=organisation, **values
    )
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    address = hub.base.removeprefix("http://")
    return GraphQLClient(address, headers={"authorization": f"Bearer {token['access_token']}"})


@pytest.fixture(scope="module")
async def parvis(hub: Hub) -> AsyncIterator[GraphQLClient]:
    """Le Parvis: a partner of Pyrenart, of no other project."""
    yield await client_for(hub, "projects:read finance:read", str(org_id("parvis")))


async def projects_listed(client: GraphQLClient, field: str, project: str | None = None) -> list:
    """The project of every row of a list, through every page."""
    seen, after = [], None
    while True:
        page = (await client.data(LISTS[field], {"p": project, "after": after}))[field]
        seen += [node["projectId"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


def code(result: dict[str, Any]) -> str:
    return result["errors"][0]["extensions"]["code"]


async def test_a_partner_reads_the_budgets_of_its_project(parvis):
    rows = await projects_listed(parvis, "budget", PYRENART)
    assert len(rows) == 315 and set(rows) == {PYRENART}
    summary = (await parvis.data(SUMMARY, {"p": PYRENART}))["budgetSummary"]
    assert "Le Parvis, scène nationale Tarbes Pyrénées" in {r["partner"]["name"] for r in summary}


@pytest.mark.parametrize("field", [*LISTS, "budgetSummary"])
async def test_a_partner_asking_for_another_project_is_forbidden(parvis, field):
    query = SUMMARY if field == "budgetSummary" else LISTS[field]
    result = await parvis.execute(query, {"p": BE_SPECTACTIVE})
    assert code(result) == "FORBIDDEN" and result["data"] is None


@pytest.mark.parametrize("field", list(LISTS))
async def test_a_list_without_a_project_shows_only_the_partners_projects(parvis, hub, field):
    everything = GraphQLClient(hub.base.removeprefix("http://"))  # the development caller
    own = await projects_listed(parvis, field)
    assert own and set(own) == {PYRENART}
    assert own == [p for p in await projects_listed(everything, field) if p == PYRENART]


async def test_filtering_on_another_projects_partner_gives_an_empty_page(parvis):
    other = str(org_id("bsa_lead"))
    page = (await parvis.data(BUDGET, {"partner": other}))["budget"]
    assert page["nodes"] == [] and page["pageInfo"]["hasNextPage"] is False


async def test_a_report_of_another_project_is_forbidden_by_id(parvis, hub):
    everything = GraphQLClient(hub.base.removeprefix("http://"))
    query = "query($p: ID) { partnerReports(projectId: $p, first: 1) { nodes { id } } }"
    report = (await everything.data(query, {"p": TRAVESIA}))["partnerReports"]["nodes"][0]["id"]
    one = "query($id: ID!) { partnerReport(id: $id) { id } }"
    result = await parvis.execute(one, {"id": report})
    assert code(result) == "FORBIDDEN"


async def test_a_token_without_finance_read_is_forbidden(hub):
    client = await client_for(hub, "projects:read", str(org_id("parvis")))
    for query in LISTS.values():
        result = await client.execute(query, {"p": PYRENART})
        assert code(result) == "FORBIDDEN" and result["errors"][0]["extensions"]["scope"]


async def test_a_former_partner_still_reads_the_project_it_left(hub):
    client = await client_for(hub, "finance:read projects:read", str(org_id("sp_gr")))
    assert set(await projects_listed(client, "budget")) == {STRONGER_PERIPHERIES}


async def test_an_organisation_claim_that_names_no_organisation_sees_nothing(hub):
    client = await client_for(hub, "finance:read", "teatro-del-norte")
    assert await projects_listed(client, "payments") == []
    assert code(await client.execute(LISTS["payments"], {"p": PYRENART})) == "FORBIDDEN"


async def test_an_auditor_reads_every_project_unless_its_grant_names_some(hub):
    auditor = await client_for(hub, "finance:read audit:read", "audit-firm")
    assert set(await projects_listed(auditor, "payments")) >= {PYRENART, BE_SPECTACTIVE}
    limited = await client_for(
        hub, "finance:read audit:read", "audit-firm", restrictions={"projects": ["pyrenart"]}
    )
    assert set(await projects_listed(limited, "payments")) == {PYRENART}
    assert code(await limited.execute(LISTS["payments"], {"p": TRAVESIA})) == "FORBIDDEN"
    by_id = await client_for(
        hub, "finance:read audit:read", "audit-firm", restrictions={"projects": [TRAVESIA]}
    )
    assert set(await projects_listed(by_id, "partnerReports")) == {TRAVESIA}


async def test_a_grant_limited_to_a_programme_narrows_an_auditor(hub):
    auditor = await client_for(
        hub, "finance:read audit:read", "audit-firm",
        restrictions={"programme": "interreg_poctefa"},
    )  # fmt: skip
    assert set(await projects_listed(auditor, "payments")) == {PYRENART, TRAVESIA}


async def test_the_visible_projects_are_read_once_per_request(settings, demo_database, tmp_path):
    query = """query($p: ID!) {
      a: budget(projectId: $p, first: 1) { nodes { projectId } }
      b: payments(first: 1) { nodes { projectId } }
      c: partnerReports(first: 1) { nodes { projectId } }
      d: expenditureLines(projectId: $p, first: 1) { nodes { projectId } } }"""
    async with counting_database(settings, demo_database.dsn) as (database, counter):
        async with serving(database, tmp_path) as running:
            client = await client_for(running, "finance:read", str(org_id("parvis")))
            counter.reset()
            data = await client.data(query, {"p": PYRENART})
    assert all(rows["nodes"] for rows in data.values())
    assert counter.count("read.partnerships") == 1


FEED = """subscription($types: [String!]) {
  events(after: 0, eventTypes: $types) { streamType payload } }"""


async def test_a_partner_subscription_carries_finance_events_of_its_projects_only(
    parvis, demo_database
):
    import asyncio

    opened = await demo_database.pool.fetch(
        "SELECT payload->>'project_id' AS project FROM events"
        " WHERE event_type = 'PartnerReport.Opened'"
    )
    mine = [row for row in opened if row["project"] == PYRENART]
    assert 0 < len(mine) < len(opened)
    async with parvis.subscribe(FEED, {"types": ["PartnerReport.Opened"]}) as feed:
        received = [await asyncio.wait_for(feed.next(), 10) for _ in mine]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(feed.next(), 1.5)
    projects = {message["data"]["events"]["payload"]["project_id"] for message in received}
    assert projects == {PYRENART}
