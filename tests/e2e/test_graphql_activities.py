"""Activities, their carbon and La Collaborative's schemes through GraphQL over real HTTP,
on the demo data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from hub.api.pagination import encode_cursor
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.sql_counter import counting_database

OPERATIONS = Path(__file__).parents[2] / "graphql" / "operations"
CALENDAR = (OPERATIONS / "PartnerActivitiesCalendar.graphql").read_text()
CARBON = (OPERATIONS / "Objectif13CarbonSummary.graphql").read_text()

TAMPERED = encode_cursor(["2021-01-01", "not-an-id"])
JEUDIGRAPHIES = [
    ("2021-02-25", "Occitanie en scène"),
    ("2021-03-18", "OARA Nouvelle-Aquitaine"),
    ("2021-04-15", "Agence culturelle Grand Est"),
    ("2021-05-06", "Spectacle vivant en Bretagne"),
    ("2021-06-10", "Odia Normandie"),
]


@pytest.fixture(scope="module")
async def client(settings, demo_database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


async def scheme_id(client: GraphQLClient, kind: str) -> str:
    data = await client.data(
        "query($k: String) { schemes(kind: $k) { nodes { id } } }", {"k": kind}
    )
    [scheme] = data["schemes"]["nodes"]
    return str(scheme["id"])


async def project_id(client: GraphQLClient, acronym: str) -> str:
    nodes = (await client.data("{ projects(first: 50) { nodes { id acronym } } }"))["projects"]
    return next(str(p["id"]) for p in nodes["nodes"] if p["acronym"] == acronym)


async def calendar(client: GraphQLClient, **variables: object) -> list[dict]:
    """Every activity the calendar lists for ``variables``, page after page."""
    nodes, after = [], None
    while True:
        page = (await client.data(CALENDAR, {**variables, "after": after}))["activities"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_jeudigraphies_are_five_online_meetings_in_2021_each_hosted_by_an_agency(client):
    jeudigraphies = await scheme_id(client, "jeudigraphies")
    data = await client.data(
        """query($s: ID) { schemeParticipations(schemeId: $s) { nodes {
             heldOn hostRegion agencyOrganisation { name }
             activity { kind date place { online } owner { ... on Scheme { kind } } } } } }""",
        {"s": jeudigraphies},
    )
    nodes = data["schemeParticipations"]["nodes"]
    assert [(n["heldOn"], n["agencyOrganisation"]["name"]) for n in nodes] == JEUDIGRAPHIES
    assert {n["activity"]["kind"] for n in nodes} == {"online_meeting"}
    assert all(n["activity"]["place"]["online"] for n in nodes)
    assert [n["activity"]["date"] for n in nodes] == [day for day, _ in JEUDIGRAPHIES]
    assert {n["activity"]["owner"]["kind"] for n in nodes} == {"jeudigraphies"}
    meetings = await calendar(client, schemeId=jeudigraphies)
    assert [(m["date"], m["kind"]) for m in meetings] == [
        (day, "online_meeting") for day, _ in JEUDIGRAPHIES
    ]


async def test_the_objectif_13_carbon_summary_equals_the_sum_of_its_travel_legs(client):
    objectif_13 = await scheme_id(client, "objectif_13")
    summary = (await client.data(CARBON, {"schemeId": objectif_13}))["carbonSummary"]
    by_mode: dict[str, Decimal] = defaultdict(Decimal)
    for activity in await calendar(client, schemeId=objectif_13, first=7):
        for leg in activity["travelLegs"]:
            by_mode[leg["mode"]] += Decimal(leg["kgCo2e"])
    assert Decimal(summary["totalKgCo2e"]) == sum(by_mode.values()) > 0
    assert {m["mode"]: Decimal(m["kgCo2e"]) for m in summary["byMode"]} == by_mode
    assert {"train", "van", "coach", "bicycle", "car"} <= set(by_mode)


async def test_the_carbon_summary_of_a_period_counts_only_its_activities(client):
    objectif_13 = await scheme_id(client, "objectif_13")
    whole = (await client.data(CARBON, {"schemeId": objectif_13}))["carbonSummary"]
    autumn = {"schemeId": objectif_13, "from": "2021-10-01", "to": "2021-10-31"}
    october = (await client.data(CARBON, autumn))["carbonSummary"]
    legs = [leg for a in await calendar(client, **autumn) for leg in a["travelLegs"]]
    assert Decimal(october["totalKgCo2e"]) == sum(Decimal(leg["kgCo2e"]) for leg in legs)
    assert Decimal(october["totalKgCo2e"]) < Decimal(whole["totalKgCo2e"])
    assert (october["from"], october["to"]) == ("2021-10-01", "2021-10-31")


@pytest.mark.parametrize(
    ("lang", "job_shadowing", "online_meeting"),
    [
        ("fr", "Immersion professionnelle", "Réunion en ligne"),
        ("es", "Aprendizaje por observación", "Reunión en línea"),
        ("en", "Job shadowing", "Online meeting"),
    ],
    ids=["fr", "es", "en"],
)
async def test_activity_kinds_are_labelled_in_the_callers_language(
    client, lang, job_shadowing, online_meeting
):
    query = """query($kind: String, $lang: String) {
      activities(kind: $kind, first: 1) { nodes { kindLabel(lang: $lang) } } }"""
    for kind, expected in (("job_shadowing", job_shadowing), ("online_meeting", online_meeting)):
        data = await client.data(query, {"kind": kind, "lang": lang})
        assert data["activities"]["nodes"][0]["kindLabel"] == expected
    schemes = await client.data(
        "query($l: String) { schemes { nodes { kind kindLabel(lang: $l) } } }", {"l": lang}
    )
    labels = {s["kind"]: s["kindLabel"] for s in schemes["schemes"]["nodes"]}
    assert labels["objectif_13"] == "Objectif 13" and labels["partager"] == "pARTager"


async def test_the_calendar_pages_by_date_then_id_without_gap_or_repeat(client):
    pyrenart = await project_id(client, "Pyrenart")
    paged = await calendar(client, projectId=pyrenart, first=13)
    whole = (await client.data(CALENDAR, {"projectId": pyrenart, "first": 100}))["activities"]
    assert [a["id"] for a in paged] == [e["node"]["id"] for e in whole["edges"]]
    assert [(a["date"], a["id"]) for a in paged] == sorted((a["date"], a["id"]) for a in paged)
    assert len(paged) == 86 and not whole["pageInfo"]["hasNextPage"]
    last = await client.data(
        CALENDAR, {"projectId": pyrenart, "after": whole["edges"][-1]["cursor"]}
    )
    assert last["activities"]["edges"] == [] and last["activities"]["pageInfo"]["hasPreviousPage"]


async def test_the_calendar_filters_by_kind_date_range_and_partner(client):
    pyrenart = await project_id(client, "Pyrenart")
    spring = {
        "projectId": pyrenart,
        "kind": "performance",
        "from": "2021-03-01",
        "to": "2021-05-31",
    }
    performances = await calendar(client, **spring)
    assert performances and {a["kind"] for a in performances} == {"performance"}
    assert all("2021-03-01" <= a["date"] <= "2021-05-31" for a in performances)
    cancelled = [a for a in performances if a["cancelled"]]
    assert cancelled and all(a["place"]["country"] == "FR" for a in cancelled)
    assert {a["cancelReason"] for a in cancelled} == {"Venues closed by the health measures"}
    partner = performances[0]["partners"][-1]
    theirs = await calendar(client, partnerId=partner["id"], first=100)
    assert theirs and all(partner["id"] in [p["id"] for p in a["partners"]] for a in theirs)
    assert all(a["participants"]["byGender"] is not None for a in theirs)


SCHEMES = """{ schemes { nodes {
  kind coordinator { name } agencies { isCoordinator organisation { id name } } } } }"""
PARTICIPATIONS = """query($a: ID, $first: Int, $after: String) {
  schemeParticipations(agencyId: $a, first: $first, after: $after) {
    nodes { agency heldOn participants { total byCategory { key count } } }
    pageInfo { hasNextPage endCursor } } }"""


async def test_schemes_list_their_agencies_as_directory_organisations(client):
    nodes = {s["kind"]: s for s in (await client.data(SCHEMES))["schemes"]["nodes"]}
    assert set(nodes) == {"faire_part", "partager", "cartographie", "objectif_13", "jeudigraphies"}
    partager = nodes["partager"]
    assert partager["coordinator"]["name"] == "OARA Nouvelle-Aquitaine"
    coordinator, *others = partager["agencies"]
    assert coordinator["isCoordinator"] and not any(a["isCoordinator"] for a in others)
    assert coordinator["organisation"]["name"] == "OARA Nouvelle-Aquitaine"
    assert len(others) == 4


async def test_participations_filter_by_agency_and_page_by_date(client):
    directory = await client.data("{ organisations(first: 100) { nodes { id name } } }")
    odia = next(
        o["id"] for o in directory["organisations"]["nodes"] if o["name"] == "Odia Normandie"
    )
    first = (await client.data(PARTICIPATIONS, {"a": odia, "first": 3}))["schemeParticipations"]
    after = first["pageInfo"]["endCursor"]
    variables = {"a": odia, "first": 100, "after": after}
    rest = (await client.data(PARTICIPATIONS, variables))["schemeParticipations"]
    nodes = first["nodes"] + rest["nodes"]
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert len(nodes) > 3 and {n["agency"] for n in nodes} == {"odia_normandie"}
    assert [n["heldOn"] for n in nodes] == sorted(n["heldOn"] for n in nodes)
    for n in nodes:
        assert n["participants"]["total"] == sum(
            c["count"] for c in n["participants"]["byCategory"]
        )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ activity(id: "00000000-0000-0000-0000-000000000000") { id } }', "NOT_FOUND"),
        ('{ activity(id: "not-an-id") { id } }', "INVALID_INPUT"),
        ('{ activities(after: "!!") { nodes { id } } }', "INVALID_INPUT"),
        (f'{{ activities(after: "{TAMPERED}") {{ nodes {{ id }} }} }}', "INVALID_INPUT"),
        ("{ carbonSummary { totalKgCo2e } }", "INVALID_INPUT"),
        ('{ scheme(id: "00000000-0000-0000-0000-000000000000") { id } }', "NOT_FOUND"),
        ("{ activities(first: 1000) { nodes { id } } }", "INVALID_INPUT"),
    ],
    ids=[
        "unknown-activity",
        "bad-id",
        "bad-cursor",
        "tampered-cursor",
        "no-owner",
        "unknown-scheme",
        "page-too-large",
    ],
)
async def test_bad_requests_get_a_stable_error_code(client, query, code):
    result = await client.execute(query)
    assert result["errors"][0]["extensions"]["code"] == code


NESTED = """query($first: Int) { activities(first: $first) { nodes {
  partners { name } participants { total byGender { key } } travelLegs { mode }
  indicatorContributions { value } owner { __typename ... on Project { acronym } } } } }"""


async def test_nested_relations_of_a_page_cost_the_same_few_statements_at_any_size(
    settings, demo_database
):
    async with counting_database(settings, demo_database.dsn) as (database, counter):
        async with served(settings, database) as address:
            client = GraphQLClient(address)
            counts = []
            for first in (40, 100):
                counter.reset()
                data = await client.data(NESTED, {"first": first})
                assert len(data["activities"]["nodes"]) == first
                counts.append(counter.count("read."))
    assert counts[0] == counts[1] <= 7
