"""Finance through GraphQL over real HTTP, on the demo data: the figures are the domain's,
the labels the funders', the pages stable, and no list loads row by row."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import pytest

from domain.catalogue import STREAM_TYPES
from domain.expenditure import PartnerReport, ReportStatus
from domain.payments import Payment
from domain.plan import Plan
from domain.project import Project
from hub.database import Database
from hub.demo.organisations import org_id
from hub.eventstore import EventStore
from hub.handlers.repository import Repository
from hub.keyring import PostgresKeyring
from hub.settings import PROJECT_ROOT, Settings
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.sql_counter import counting_database

PYRENART = Project.create_id("Pyrenart")
SCENES_EN_RESEAUX = Project.create_id("Scènes en réseaux")
PARVIS = org_id("parvis")
OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
FINANCE_OPERATIONS = (
    "PartnerProjectBudget", "ManagerBudgetSummary", "ManagerPartnerReports",
    "ControllerExpenditureLines", "PartnerPayments",
)  # fmt: skip


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


@pytest.fixture(scope="module")
async def client(settings: Settings, demo_database: Database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


def amount(money: dict[str, str]) -> Decimal:
    return Decimal(money["amount"])


async def every_node(client: GraphQLClient, field: str, query: str, **variables: Any) -> list:
    """Every node of a connection, page by page."""
    nodes, after = [], None
    while True:
        page = (await client.data(query, {**variables, "after": after}))[field]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def streams(database: Database, event_type: str, partner: UUID) -> list[UUID]:
    rows = await database.pool.fetch(
        "SELECT stream_id FROM events WHERE event_type = $1"
        " AND payload->>'project_id' = $2 AND payload->>'partner_id' = $3 ORDER BY position",
        event_type, str(PYRENART), str(partner),
    )  # fmt: skip
    return [UUID(row["stream_id"]) for row in rows]


async def figures_from_the_log(database: Database, partner: UUID) -> dict[str, Decimal]:
    """A partner's Pyrenart totals, folded by the domain from the events."""
    repository = Repository(EventStore(database.pool, STREAM_TYPES), PostgresKeyring(database.pool))
    plan = await repository.get(Plan, Plan.create_id(PYRENART))
    reports = [
        await repository.get(PartnerReport, report_id)
        for report_id in await streams(database, "PartnerReport.Opened", partner)
    ]
    payments = [
        await repository.get(Payment, payment_id)
        for payment_id in await streams(database, "Payment.Authorised", partner)
    ]
    sent = [r for r in reports if r.status != ReportStatus.DRAFT]
    certified = [r for r in reports if r.status == ReportStatus.CERTIFIED]
    return {
        "budget": plan.current.content.partner_budget(partner).amount,
        "declared": sum((r.declared_total().amount for r in sent), Decimal(0)),
        "validated": sum((r.eligible_total().amount for r in certified), Decimal(0)),
        "authorised": sum((p.amount.amount for p in payments), Decimal(0)),
        "paid": sum((p.amount.amount for p in payments if p.confirmed_on), Decimal(0)),
    }


async def summary_of(client: GraphQLClient, partner: UUID) -> dict[str, Any]:
    rows = await client.data(operation("ManagerBudgetSummary"), {"projectId": str(PYRENART)})
    return next(r for r in rows["budgetSummary"] if r["partner"]["id"] == str(partner))


async def test_a_partners_totals_are_what_the_domain_folds_from_the_log(client, demo_database):
    expected = await figures_from_the_log(demo_database, PARVIS)
    summary = await summary_of(client, PARVIS)
    assert {name: amount(summary[name]) for name in expected} == expected
    assert expected["validated"] > 0 and expected["paid"] > 0
    erdf = next(f for f in summary["funds"] if f["fund"] == "erdf")
    assert amount(erdf["paid"]) == expected["paid"]
    share = (expected["validated"] * Decimal("0.65")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert amount(erdf["validated"]) == share


async def test_the_budget_cells_of_a_partner_add_up_to_its_summary(client):
    cells = await every_node(
        client, "budget", operation("PartnerProjectBudget"),
        projectId=str(PYRENART), partnerId=str(PARVIS), first=100,
    )  # fmt: skip
    summary = await summary_of(client, PARVIS)
    for name in ("budget", "declared", "validated"):
        assert sum(amount(c[name]) for c in cells) == amount(summary[name])
    assert {c["partner"]["name"] for c in cells} == {"Le Parvis, scène nationale Tarbes Pyrénées"}
    assert len(cells) == 7 * 5 and all(c["reportingPeriod"]["startsOn"] for c in cells)
    shares = await every_node(
        client, "budget", operation("PartnerProjectBudget"),
        projectId=str(PYRENART), partnerId=str(PARVIS), fund="erdf", first=100,
    )  # fmt: skip
    for cell, share in zip(cells, shares, strict=True):
        rounded = (amount(cell["budget"]) * Decimal("0.65")).quantize(Decimal("0.01"))
        assert abs(amount(share["budget"]) - rounded) <= Decimal("0.01") and share["fund"] == "erdf"


CATEGORIES = """query ($projectId: ID!) { budgetSummary(projectId: $projectId) {
  partner { id } budget { amount } declared { amount } validated { amount }
  categories { costCategory costCategoryLabel(lang: "fr") budget { amount currency }
               declared { amount } validated { amount } } } }"""


async def test_a_partners_categories_add_up_its_budget_cells_over_the_periods(client):
    cells = await every_node(
        client, "budget", operation("PartnerProjectBudget"),
        projectId=str(PYRENART), partnerId=str(PARVIS), first=100,
    )  # fmt: skip
    rows = (await client.data(CATEGORIES, {"projectId": str(PYRENART)}))["budgetSummary"]
    summary = next(r for r in rows if r["partner"]["id"] == str(PARVIS))
    categories = summary["categories"]
    assert [c["costCategory"] for c in categories] == sorted({c["costCategory"] for c in cells})
    for category in categories:
        mine = [c for c in cells if c["costCategory"] == category["costCategory"]]
        for name in ("budget", "declared", "validated"):
            assert amount(category[name]) == sum(amount(c[name]) for c in mine)
    for row in rows:
        for name in ("budget", "declared", "validated"):
            assert sum(amount(c[name]) for c in row["categories"]) == amount(row[name])
    assert {c["budget"]["currency"] for c in categories} == {"EUR"}
    assert "Frais de personnel" in {c["costCategoryLabel"] for c in categories}


async def test_each_report_shows_the_domains_totals_and_flat_rates(client, demo_database):
    repository = Repository(
        EventStore(demo_database.pool, STREAM_TYPES), PostgresKeyring(demo_database.pool)
    )
    reports = await every_node(
        client, "partnerReports", operation("ManagerPartnerReports"),
        projectId=str(PYRENART), partnerId=str(PARVIS), first=3,
    )  # fmt: skip
    assert [r["periodNumber"] for r in reports] == sorted(r["periodNumber"] for r in reports)
    for report in reports:
        folded = await repository.get(PartnerReport, UUID(report["id"]))
        assert amount(report["declaredTotal"]) == folded.declared_total().amount
        assert report["planVersion"] == folded.plan_version
        if report["state"] == "certified":
            assert amount(report["eligibleTotal"]) == folded.eligible_total().amount
            flat = {f.kind.value: f for f in folded.flat_rate_amounts(eligible=True)}
        else:
            assert report["eligibleTotal"] is None
            flat = {f.kind.value: f for f in folded.flat_rate_amounts()}
        for shown in report["flatRates"]:
            assert amount(shown["amount"]) == flat[shown["kind"]].amount.amount
            assert amount(shown["base"]) == flat[shown["kind"]].base.amount


@pytest.mark.parametrize(
    ("lang", "staff", "state"),
    [("fr", "Frais de personnel", "Certifié"), ("es", "Gastos de personal", "Certificado")],
    ids=["fr", "es"],
)
async def test_cost_categories_and_states_read_in_the_callers_language(client, lang, staff, state):
    cells = (await client.data(operation("PartnerProjectBudget"), {
        "projectId": str(PYRENART), "partnerId": str(PARVIS), "lang": lang, "first": 10,
    }))["budget"]["edges"]  # fmt: skip
    labels = {e["node"]["costCategory"]: e["node"]["costCategoryLabel"] for e in cells}
    assert labels["staff"] == staff
    reports = (await client.data(operation("ManagerPartnerReports"), {
        "projectId": str(PYRENART), "state": "certified", "lang": lang, "first": 1,
    }))["partnerReports"]["edges"]  # fmt: skip
    assert reports[0]["node"]["stateLabel"] == state


async def test_the_budget_pages_by_a_stable_key_to_an_empty_last_page(client):
    query = operation("PartnerProjectBudget")
    whole = await every_node(client, "budget", query, projectId=str(PYRENART), first=100)
    paged = await every_node(client, "budget", query, projectId=str(PYRENART), first=40)
    assert len(whole) == len(paged) == 315 and paged == whole
    variables: dict[str, Any] = {"projectId": str(PYRENART), "first": 63}
    for _ in range(5):  # 315 cells: five full pages, the fifth one the last
        page = (await client.data(query, variables))["budget"]
        variables["after"] = page["pageInfo"]["endCursor"]
    assert len(page["edges"]) == 63 and page["pageInfo"]["hasNextPage"] is False
    empty = (await client.data(query, variables))["budget"]
    assert empty["edges"] == [] and empty["pageInfo"]["hasNextPage"] is False
    nothing = (await client.data(query, {"projectId": str(PYRENART), "first": 0}))["budget"]
    assert nothing["edges"] == [] and nothing["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    "variables",
    [{"first": 1000}, {"after": "!!"}, {"after": "WzFd"}, {"after": "WyJ4IiwieCIsMSwieCJd"}],
    ids=["too-large", "not-base64", "wrong-length", "not-an-id"],
)
async def test_a_bad_page_request_is_invalid_input(client, variables):
    result = await client.execute(
        operation("PartnerProjectBudget"), {"projectId": str(PYRENART), **variables}
    )
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_lines_carry_their_currency_rate_evidence_and_control_outcome(client):
    lines = await every_node(
        client, "expenditureLines", operation("ControllerExpenditureLines"),
        projectId=str(SCENES_EN_RESEAUX), first=100,
    )  # fmt: skip
    converted = [line for line in lines if line["declared"]["currency"] == "CAD"]
    assert converted and all(line["amount"]["currency"] == "EUR" for line in converted)
    rate = Decimal(converted[0]["exchangeRate"]["rate"])
    declared, in_euros = amount(converted[0]["declared"]), amount(converted[0]["amount"])
    assert abs(declared / rate - in_euros) < Decimal("0.01")
    assert all(line["evidenceRef"].startswith("evidence/ser/") for line in lines)
    for line in lines:
        deducted = sum((amount(d["amount"]) for d in line["deductions"]), Decimal(0))
        assert amount(line["deducted"]) == deducted
        counted = not (line["parked"] or line["withdrawn"])
        left = amount(line["amount"]) - deducted if counted else Decimal(0)
        assert amount(line["eligible"]) == left


async def test_payments_page_by_authorisation_date(client):
    payments = await every_node(
        client, "payments", operation("PartnerPayments"), projectId=str(PYRENART), first=4
    )
    dates = [p["authorisedOn"] for p in payments]
    assert payments and dates == sorted(dates)
    assert {p["kind"] for p in payments} >= {"interim"}
    summary = await summary_of(client, PARVIS)
    own = [p for p in payments if p["partner"]["name"].startswith("Le Parvis")]
    assert sum(amount(p["amount"]) for p in own) == amount(summary["authorised"])


@pytest.mark.parametrize("name", FINANCE_OPERATIONS)
async def test_the_example_operations_run_on_the_demo(client, name):
    variables = {"projectId": str(PYRENART), "lang": "fr", "first": 5}
    result = await client.execute(operation(name), variables)
    assert "errors" not in result and all(result["data"].values())


@pytest.mark.parametrize("first", [10, 100])
async def test_budget_partners_load_in_one_query_whatever_the_page_size(
    settings, demo_database, first
):
    query = (
        "query($p: ID!, $n: Int) { budget(projectId: $p, first: $n) { nodes {"
        " partner { name } project { acronym } reportingPeriod { number } } } }"
    )
    async with counting_database(settings, demo_database.dsn) as (database, counter):
        async with served(settings, database) as address:
            counter.reset()
            data = await GraphQLClient(address).data(query, {"p": str(PYRENART), "n": first})
    assert len(data["budget"]["nodes"]) == first
    assert counter.count("read.organisations") == 1
    assert counter.count("read.") <= 4
