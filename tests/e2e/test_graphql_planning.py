"""The plan and the deliverables board through GraphQL over real HTTP, on the demo data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.deliverables import Deliverable
from domain.project import Project
from hub.database import Database
from hub.settings import PROJECT_ROOT, Settings
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.sql_counter import counting_database

PYRENART = str(Project.create_id("Pyrenart"))
OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
BOARD = (OPERATIONS / "ManagerDeliverablesBoard.graphql").read_text()
PLAN = (OPERATIONS / "PartnerProjectPlan.graphql").read_text()


@pytest.fixture(scope="module")
async def client(settings: Settings, demo_database: Database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


async def board(client: GraphQLClient, **variables: object) -> dict:
    data = await client.data(BOARD, {"projectId": PYRENART, **variables})
    return data["deliverables"]


def codes(page: dict) -> list[str]:
    return [edge["node"]["code"] for edge in page["edges"]]


async def test_the_board_pages_by_due_date_to_an_empty_last_page(client):
    everything = await board(client, first=100)
    nodes = [edge["node"] for edge in everything["edges"]]
    assert len(nodes) == 10 and not everything["pageInfo"]["hasNextPage"]
    assert nodes == sorted(nodes, key=lambda n: (n["dueOn"], n["id"]))
    seen, after = [], None
    while True:
        page = await board(client, first=4, after=after)
        seen += codes(page)
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == codes(everything) and len(codes(page)) == 2
    empty = await board(client, first=4, after=page["pageInfo"]["endCursor"])
    assert empty["edges"] == [] and not empty["pageInfo"]["hasNextPage"]
    assert (await board(client, first=0))["edges"] == []


async def test_the_board_filters_by_state_lateness_and_due_date(client):
    accepted = await board(client, first=100, state="accepted")
    assert codes(accepted) and {e["node"]["state"] for e in accepted["edges"]} == {"accepted"}
    late = await board(client, first=100, late=True, on="2021-12-31")
    assert codes(late) and all(e["node"]["late"] for e in late["edges"])
    on_time = await board(client, first=100, late=False, on="2021-12-31")
    assert sorted(codes(late) + codes(on_time)) == sorted(codes(await board(client, first=100)))
    early = await board(client, first=100, dueBefore="2021-01-01")
    assert codes(early) and all(e["node"]["dueOn"] < "2021-01-01" for e in early["edges"])
    between = await client.data(
        'query($p: ID!) { deliverables(projectId: $p, dueAfter: "2021-01-01",'
        ' dueBefore: "2022-01-01", first: 50) { nodes { dueOn } } }',
        {"p": PYRENART},
    )
    assert all("2021-01-01" < n["dueOn"] < "2022-01-01" for n in between["deliverables"]["nodes"])


async def test_lateness_is_judged_on_the_day_asked(client):
    before_all = await board(client, first=100, late=True, on="2019-01-01")
    assert {e["node"]["state"] for e in before_all["edges"]} <= {"submitted", "accepted"}
    today = await board(client, first=100, late=True)
    end_of_2021 = await board(client, first=100, late=True, on="2021-12-31")
    assert set(codes(end_of_2021)) <= set(codes(today))


@pytest.mark.parametrize(
    ("lang", "accepted", "pending"),
    [("fr", "Accepté", "À venir"), ("es", "Aceptado", "Pendiente"), ("en", "Accepted", "Pending")],
    ids=["fr", "es", "en"],
)
async def test_deliverable_states_are_labelled_in_the_callers_language(
    client, lang, accepted, pending
):
    labels = {
        e["node"]["state"]: e["node"]["stateLabel"]
        for e in (await board(client, first=100, lang=lang))["edges"]
    }
    assert (labels["accepted"], labels["pending"]) == (accepted, pending)


async def test_a_moved_deliverable_shows_its_justified_due_date_changes(client):
    nodes = [e["node"] for e in (await board(client, first=100))["edges"]]
    moved = next(n for n in nodes if n["dueDateChanges"])
    assert moved["originalDueOn"] < moved["dueOn"]
    change = moved["dueDateChanges"][0]
    assert (change["previousDueOn"], change["dueOn"]) == (moved["originalDueOn"], moved["dueOn"])
    assert "health crisis" in change["justification"]
    rejected = next(n for n in nodes if n["state"] == "rejected")
    assert "gender" in rejected["rejectionReason"]
    assert all(n["responsiblePartner"]["name"] for n in nodes)


async def test_a_deliverable_is_read_by_id_and_as_a_federation_entity(client):
    deliverable_id = str(Deliverable.create_id(Project.create_id("Pyrenart"), "D1.1"))
    one = await client.data(
        "query($id: ID!) { deliverable(id: $id) { code project { acronym } } }",
        {"id": deliverable_id},
    )
    assert one["deliverable"] == {"code": "D1.1", "project": {"acronym": "Pyrenart"}}
    entities = await client.data(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Deliverable { code } } }",
        {"r": [{"__typename": "Deliverable", "id": deliverable_id}]},
    )
    assert entities["_entities"] == [{"code": "D1.1"}]


async def test_the_plan_shows_its_versions_the_one_in_force_and_its_content(client):
    data = await client.data(PLAN, {"projectId": PYRENART, "on": "2021-03-31"})
    versions = data["planVersions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert [v["isCurrent"] for v in versions] == [False, True]
    assert data["planInForce"]["number"] == 1 and len(data["planInForce"]["deliverables"]) == 10
    later = await client.data(PLAN, {"projectId": PYRENART, "on": "2021-04-01"})
    assert later["planInForce"]["number"] == 2
    assert [w["code"] for w in data["workPackages"]] == [f"WP{n}" for n in range(1, 6)]
    indicators = data["indicators"]
    assert indicators and {i["kind"] for i in indicators} <= {"output", "result"}
    assert any(float(i["achieved"]) > 0 for i in indicators)
    assert all(w["lumpSum"] is None for w in data["workPackages"])


async def test_creative_europe_work_packages_carry_their_lump_sums(client):
    project_id = str(Project.create_id("Be SpectACTive! 2"))
    data = await client.data(PLAN, {"projectId": project_id})
    lump_sum = data["workPackages"][0]["lumpSum"]
    assert (Decimal(lump_sum["amount"]), lump_sum["currency"]) == (Decimal("55000"), "EUR")


@pytest.mark.parametrize(
    "query",
    [
        '{ deliverables(projectId: "%s") { nodes { id } } }',
        '{ planVersions(projectId: "%s") { number } }',
        '{ indicators(projectId: "%s") { code } }',
    ],
    ids=["deliverables", "planVersions", "indicators"],
)
async def test_an_unknown_project_is_not_found(client, query):
    result = await client.execute(query % "00000000-0000-0000-0000-000000000000")
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "variables",
    [{"state": "lost"}, {"after": "bm90LWEtY3Vyc29y"}, {"first": 10_000}],
    ids=["unknown-state", "bad-cursor", "page-too-large"],
)
async def test_bad_board_arguments_are_invalid_input(client, variables):
    result = await client.execute(BOARD, {"projectId": PYRENART, **variables})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


NESTED = """query($p: ID!, $first: Int) { deliverables(projectId: $p, first: $first) {
  nodes { code responsiblePartner { name } dueDateChanges { justification } project { acronym } }
} }"""


async def test_nested_partners_cost_the_same_few_statements_for_any_page_size(
    settings: Settings, demo_database: Database
):
    async with counting_database(settings, demo_database.dsn) as (database, counter):
        async with served(settings, database) as address:
            client = GraphQLClient(address)
            counts = []
            for first in (2, 10):
                counter.reset()
                data = await client.data(NESTED, {"p": PYRENART, "first": first})
                assert len(data["deliverables"]["nodes"]) == first
                counts.append(counter.count("read."))
    assert counts[0] == counts[1] <= 4, counter.statements
