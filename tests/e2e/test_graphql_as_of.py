"""Time travel: ``projectAsOf`` folds the log up to a position, so its answer for that
position stays the same while the live read models move on."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.deliverables import Deliverable
from domain.money import Money
from domain.payments import PaymentKind
from domain.project import Fund, Project
from hub import commands as c
from hub.database import Database
from hub.demo.organisations import org_id
from hub.settings import PROJECT_ROOT, Settings
from projections.catalogue import ALL_PROJECTIONS
from projections.status import wait_until_reached
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.servers import served
from tests.e2e.test_oauth_support import basic_client, basic_oauth, serving
from tests.integration.command_fixtures import Story, draft_report, payslip, running_project

AS_OF = (PROJECT_ROOT / "graphql" / "operations" / "AuditorProjectAsOf.graphql").read_text()
LIVE = """query($p: ID!) {
  deliverables(projectId: $p) { nodes { code state late submittedOn } }
  planInForce(projectId: $p, on: "2019-06-01") { number }
}"""


@dataclass(frozen=True)
class Moment:
    story: Story
    deliverable_id: UUID
    report_id: UUID
    position: int


async def caught_up(database: Database, position: int) -> None:
    names = [projection.name for projection in ALL_PROJECTIONS]
    await wait_until_reached(database.pool, names, position, 20, asyncio.sleep)


async def a_drafted_deliverable_and_a_submitted_report(database: Database) -> Moment:
    story = await running_project(database)
    planned = await story.run(c.PlanDeliverable(
        story.project_id, "D1.1", "Steering committee minutes", "WP1", date(2019, 6, 30),
        story.partner_id,
    ))  # fmt: skip
    deliverable_id = UUID(str(planned.stream_id))
    await story.run(c.StartDraftingDeliverable(deliverable_id, "docs/d11-draft.odt"))
    report_id = await draft_report(story)
    await story.run(payslip(report_id, "1000.00"))
    submitted = await story.run(c.SubmitPartnerReport(report_id, date(2019, 7, 15), "ana"))
    return Moment(story, deliverable_id, report_id, submitted.position)


async def later_changes(moment: Moment) -> int:
    """Hand the deliverable in, declare more expenditure, authorise a payment."""
    story, deliverable_id, report_id = moment.story, moment.deliverable_id, moment.report_id
    for command in (
        c.SubmitDeliverable(deliverable_id, date(2019, 6, 25), "docs/d11.pdf"),
        c.AcceptDeliverable(deliverable_id, date(2019, 7, 20), "POCTEFA joint secretariat"),
        c.ReopenPartnerReport(report_id, "flc", "one more payslip"),
        payslip(report_id, "500.00"),
        c.SubmitPartnerReport(report_id, date(2019, 8, 1), "ana"),
        c.AuthorisePayment(story.project_id, story.partner_id, Fund.ERDF, PaymentKind.ADVANCE,
                           1, Money.of("3000.00"), "lead partner", date(2019, 8, 15)),
    ):  # fmt: skip
        last = await story.run(command)
    return int(last.position)


@pytest.fixture
async def moment(fresh_database: Database) -> Moment:
    return await a_drafted_deliverable_and_a_submitted_report(fresh_database)


@pytest.fixture
async def client(settings: Settings, fresh_database: Database):
    async with served(settings, fresh_database) as address:
        yield GraphQLClient(address)


async def as_of(client: GraphQLClient, project_id: UUID, **variables: Any) -> dict[str, Any]:
    data = await client.data(AS_OF, {"id": str(project_id), "lang": "fr", **variables})
    return data["projectAsOf"]


def cell(snapshot: dict[str, Any], partner: UUID, category: str) -> dict[str, str]:
    found = next(
        b for b in snapshot["budget"]
        if (b["organisationId"], b["costCategory"]) == (str(partner), category)
    )  # fmt: skip
    return {k: found[k]["amount"] for k in ("budget", "declared", "validated")}


async def test_a_snapshot_shows_the_project_as_the_hub_knew_it(client, moment, fresh_database):
    snapshot = await as_of(client, moment.story.project_id, position=moment.position)
    assert (snapshot["position"], snapshot["status"], snapshot["planVersion"]) == (
        moment.position, "running", 1)  # fmt: skip
    assert {p["organisationId"] for p in snapshot["partners"]} == {
        str(moment.story.lead_id), str(moment.story.partner_id)}  # fmt: skip
    assert all(p["name"].endswith(moment.story.tag) for p in snapshot["partners"])
    [deliverable] = snapshot["deliverables"]
    assert (deliverable["code"], deliverable["state"], deliverable["stateLabel"]) == (
        "D1.1", "draft", "En rédaction")  # fmt: skip
    assert deliverable["late"]  # due 30 June 2019, still a draft on the day of the position
    staff = cell(snapshot, moment.story.partner_id, "staff")
    assert staff == {"budget": "20000.00", "declared": "1000.00", "validated": "0.00"}
    office = cell(snapshot, moment.story.partner_id, "office_and_administration")
    assert office["declared"] == "150.00"
    assert snapshot["payments"] == []


async def test_an_earlier_answer_stays_the_same_while_the_live_queries_move_on(
    client, moment, fresh_database
):
    project_id = moment.story.project_id
    await caught_up(fresh_database, moment.position)
    then = await as_of(client, project_id, position=moment.position)
    live_then = await client.data(LIVE, {"p": str(project_id)})
    recorded_at = then["recordedAt"]
    head = await later_changes(moment)
    await caught_up(fresh_database, head)
    assert await as_of(client, project_id, position=moment.position) == then
    assert await as_of(client, project_id, at=recorded_at) == then
    live_now = await client.data(LIVE, {"p": str(project_id)})
    assert live_then["deliverables"]["nodes"][0]["state"] == "draft"
    handed_in = {"code": "D1.1", "state": "accepted", "late": False, "submittedOn": "2019-06-25"}
    assert live_now["deliverables"]["nodes"][0] == handed_in
    now = await as_of(client, project_id, position=head)
    assert now["deliverables"][0]["state"] == "accepted"
    assert cell(now, moment.story.partner_id, "staff")["declared"] == "1500.00"
    paid = {"authorised": {"amount": "3000.00", "currency": "EUR"},
            "paid": {"amount": "0.00", "currency": "EUR"}}  # fmt: skip
    assert now["payments"] == [{"organisationId": str(moment.story.partner_id), **paid}]


PYRENART = Project.create_id("Pyrenart")
BOARD = "query($p: ID!) { deliverables(projectId: $p, first: 50) { nodes { id state dueOn } } }"


@pytest.fixture(scope="module")
async def demo(settings: Settings, demo_database: Database):
    async with served(settings, demo_database) as address:
        yield GraphQLClient(address)


async def test_at_the_head_the_fold_agrees_with_the_read_models(demo, demo_database):
    head = await demo_database.pool.fetchval("SELECT max(position) FROM events")
    snapshot = await as_of(demo, PYRENART, position=head)
    board = (await demo.data(BOARD, {"p": str(PYRENART)}))["deliverables"]["nodes"]
    folded = {d["id"]: (d["state"], d["dueOn"]) for d in snapshot["deliverables"]}
    assert folded == {d["id"]: (d["state"], d["dueOn"]) for d in board}
    assert str(Deliverable.create_id(PYRENART, "D1.1")) in folded
    assert snapshot["planVersion"] == 2 and len(snapshot["partners"]) == 9
    assert snapshot["payments"]
    assert any(b["validated"]["amount"] != "0.00" for b in snapshot["budget"])


async def test_a_moment_before_the_project_existed_finds_nothing(demo):
    result = await demo.execute(AS_OF, {"id": str(PYRENART), "position": 1})
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"position": 1, "at": "2020-01-01T00:00:00+00:00"},
        {"position": 0},
        {"position": 10_000_000},
        {"at": (datetime.now(UTC) + timedelta(days=1)).isoformat()},
        {"at": "2020-01-01T00:00:00"},
    ],
    ids=["neither", "both", "zero", "past-the-head", "future", "no-time-zone"],
)
async def test_an_unsettled_or_ambiguous_moment_is_invalid_input(demo, variables):
    result = await demo.execute(AS_OF, {"id": str(PYRENART), **variables})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT", result


MONEY_AS_OF = """query($id: ID!, $position: BigInt) { projectAsOf(id: $id, position: $position) {
  acronym deliverables { code } budget { costCategory } } }"""


@pytest.mark.parametrize(
    ("scopes", "organisation", "budget_visible"),
    [
        ("projects:read finance:read", "parvis", True),
        ("projects:read", "parvis", False),
        ("projects:read finance:read", "grainerie", False),
    ],
    ids=["pyrenart-partner", "no-finance-scope", "partner-of-other-projects"],
)
async def test_the_budget_as_of_follows_finance_tenancy(
    demo_database, tmp_path, scopes, organisation, budget_visible
):
    async with serving(demo_database, tmp_path) as hub:
        client_id, secret = await basic_client(
            demo_database, scopes, organisation=str(org_id(organisation))
        )
        async with basic_oauth(hub, client_id, secret) as oauth:
            token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
        client = GraphQLClient(
            hub.base.removeprefix("http://"),
            headers={"authorization": f"Bearer {token['access_token']}"},
        )
        head = await demo_database.pool.fetchval("SELECT max(position) FROM events")
        result = await client.execute(MONEY_AS_OF, {"id": str(PYRENART), "position": head})
    snapshot = result["data"]["projectAsOf"]
    assert snapshot["acronym"] == "Pyrenart" and len(snapshot["deliverables"]) == 10
    if budget_visible:
        assert "errors" not in result and snapshot["budget"]
    else:
        assert snapshot["budget"] is None
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert result["errors"][0]["path"] == ["projectAsOf", "budget"]
