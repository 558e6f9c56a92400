"""Mutations with real OAuth tokens: scopes, a partner writing only on its own behalf,
managers for control, and who did what recorded on every event."""

from __future__ import annotations

import pytest

from hub.database import Database
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import (
    World,
    event_count,
    expenditure,
    metadata_at,
    module_database,
    mutate,
    open_report,
    refused,
    seed,
)
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving

__all__ = ["module_database"]

PARTNER_SCOPES = "projects:read finance:read finance:write plan:write activities:write"


@pytest.fixture(scope="module")
async def hub(module_database: Database, tmp_path_factory: pytest.TempPathFactory):
    async with serving(module_database, tmp_path_factory.mktemp("mutations")) as running:
        yield running


def graphql(hub: Hub, token: str | None = None) -> GraphQLClient:
    headers = {"authorization": f"Bearer {token}"} if token else None
    return GraphQLClient(hub.base.removeprefix("http://"), headers=headers)


@pytest.fixture(scope="module")
async def world(hub: Hub) -> World:
    return await seed(graphql(hub))  # the development caller sets the stage


async def token_for(hub: Hub, organisation: str, scopes: str = PARTNER_SCOPES) -> tuple[str, str]:
    """A partner system's client id and access token (client credentials)."""
    client_id, secret = await basic_client(hub.database, scopes, organisation=organisation)
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    return client_id, token["access_token"]


async def test_a_partner_declares_expenditure_for_itself_and_is_named_on_the_event(hub, world):
    client_id, token = await token_for(hub, world.teatro)
    partner = graphql(hub, token)
    report = await open_report(partner, world, world.teatro)
    payload = await mutate(partner, "PartnerRecordExpenditure", **expenditure(report))
    assert payload["lineNumber"] == 1 and payload["readModelsCaughtUp"]
    metadata = await metadata_at(hub.database, int(payload["position"]))
    assert metadata["actor"] == metadata["subject"] == f"client:{client_id}"
    assert metadata["organisation"] == metadata["on_behalf_of"] == world.teatro
    assert metadata["client_id"] == client_id and metadata["command"] == "DeclareExpenditure"


async def test_declaring_in_another_partners_report_is_forbidden_and_appends_nothing(hub, world):
    report = await open_report(graphql(hub), world, world.cirque)
    _, token = await token_for(hub, world.teatro)
    before = await event_count(hub.database)
    error = await refused(graphql(hub, token), "PartnerRecordExpenditure", **expenditure(report))
    assert error["code"] == "FORBIDDEN"
    assert await event_count(hub.database) == before


async def test_a_partner_opens_reports_only_for_itself_in_its_own_projects(hub, world):
    _, teatro = await token_for(hub, world.teatro)
    input = {"projectId": world.project, "periodNumber": 1, "openedOn": "2024-07-01"}
    error = await refused(graphql(hub, teatro), "PartnerOpenPartnerReport",
                          partnerId=world.lead, **input)  # fmt: skip
    assert error["code"] == "FORBIDDEN"
    stranger = await seed(graphql(hub), "OTHER-T")
    _, outsider = await token_for(hub, stranger.cirque)
    error = await refused(graphql(hub, outsider), "PartnerOpenPartnerReport",
                          partnerId=stranger.cirque, **input)  # fmt: skip
    assert error["code"] == "FORBIDDEN"


async def test_a_token_without_the_write_scope_is_forbidden(hub, world):
    _, token = await token_for(hub, world.teatro, "projects:read finance:read")
    error = await refused(
        graphql(hub, token), "PartnerOpenPartnerReport", projectId=world.project,
        partnerId=world.teatro, periodNumber=1, openedOn="2024-07-01",
    )  # fmt: skip
    assert error == {"code": "FORBIDDEN", "scope": "finance:write"}


async def test_control_decisions_need_a_manager_not_even_the_lead_partner(hub, world):
    report = await open_report(graphql(hub), world, world.lead)
    await mutate(graphql(hub), "PartnerSubmitPartnerReport", reportId=report,
                 submittedOn="2024-07-10")  # fmt: skip
    _, lead = await token_for(hub, world.lead)
    start = {"reportId": report, "startedOn": "2024-07-12"}
    assert (await refused(graphql(hub, lead), "ControllerStartControl", **start))["code"] == (
        "FORBIDDEN"
    )
    client_id, manager = await token_for(hub, "occitanie-en-scene", PARTNER_SCOPES + " admin")
    payload = await mutate(graphql(hub, manager), "ControllerStartControl", **start)
    metadata = await metadata_at(hub.database, int(payload["position"]))
    assert metadata["on_behalf_of"] == world.lead and metadata["client_id"] == client_id


async def test_the_lead_partner_plans_deliverables_a_partner_does_not(hub, world):
    plan = {"projectId": world.project, "title": "Evaluation", "workPackage": "WP1",
            "dueOn": "2024-12-31", "responsiblePartner": world.teatro}  # fmt: skip
    _, teatro = await token_for(hub, world.teatro)
    error = await refused(graphql(hub, teatro), "ManagerPlanDeliverable", code="D8", **plan)
    assert error["code"] == "FORBIDDEN"
    _, lead = await token_for(hub, world.lead)
    payload = await mutate(graphql(hub, lead), "ManagerPlanDeliverable", code="D8", **plan)
    assert payload["version"] == 1


async def test_idempotency_keys_of_two_clients_never_collide(hub):
    world = await seed(graphql(hub), "IDEM-T")
    _, first = await token_for(hub, world.teatro)
    _, second = await token_for(hub, world.teatro)
    report = await open_report(graphql(hub, first), world, world.teatro)
    line = {**expenditure(report, invoiceNumber="F-77"), "idempotencyKey": "invoice-F-77"}
    one = await mutate(graphql(hub, first), "PartnerRecordExpenditure", **line)
    other = await mutate(graphql(hub, second), "PartnerRecordExpenditure", **line)
    again = await mutate(graphql(hub, first), "PartnerRecordExpenditure", **line)
    assert not one["duplicate"] and not other["duplicate"] and again["duplicate"]
    assert other["lineNumber"] == one["lineNumber"] + 1 and again["position"] == one["position"]
