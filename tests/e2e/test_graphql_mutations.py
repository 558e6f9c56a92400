"""Mutations over real HTTP: directory, partnership, plan and deliverables, with their
error codes, expected versions, idempotency and read-your-writes (development caller)."""

from __future__ import annotations

import pytest

from hub.database import Database
from hub.settings import Settings, load_settings
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import (
    World,
    event_count,
    module_database,
    mutate,
    operation,
    organisation,
    refused,
    seed,
)
from tests.e2e.servers import served

__all__ = ["module_database"]


@pytest.fixture(scope="module")
async def client(settings: Settings, module_database: Database):
    async with served(settings, module_database) as address:
        yield GraphQLClient(address)


@pytest.fixture(scope="module")
async def world(client: GraphQLClient) -> World:
    return await seed(client)


async def planned(client: GraphQLClient, world: World, code: str) -> str:
    payload = await mutate(
        client, "ManagerPlanDeliverable", projectId=world.project, code=code, title="Report",
        workPackage="WP1", dueOn="2024-09-30", responsiblePartner=world.teatro,
    )  # fmt: skip
    return str(payload["id"])


async def test_a_registered_organisation_is_read_back_in_the_payload(client):
    payload = await mutate(
        client, "ManagerRegisterOrganisation", name="La Grainerie", country="fr",
        region="Occitanie", legalStatus="non_profit_association", vatRecovery="partly",
    )  # fmt: skip
    assert payload["readModelsCaughtUp"] and not payload["duplicate"]
    assert payload["version"] == 1 and int(payload["position"]) > 0
    assert payload["organisation"] == {
        "id": payload["id"], "name": "La Grainerie", "country": "FR",
        "legalStatus": "non_profit_association",
    }  # fmt: skip


async def test_the_partnership_changes_show_in_the_project_read_back(client, world):
    newcomer = await organisation(client, "Festival Pirineos Sur", "ES")
    admitted = await mutate(
        client, "ManagerAdmitPartner", projectId=world.project, organisationId=newcomer,
        role="associated_partner", joinedOn="2024-02-01",
    )  # fmt: skip
    roles = {p["organisationId"]: p["role"] for p in admitted["project"]["partners"]}
    assert roles[newcomer] == "associated_partner" and roles[world.lead] == "lead_partner"
    changed = await mutate(
        client, "ManagerChangePartnerRole", projectId=world.project, organisationId=newcomer,
        role="partner", effectiveOn="2024-03-01",
    )  # fmt: skip
    assert {p["organisationId"]: p["role"] for p in changed["project"]["partners"]}[
        newcomer
    ] == "partner"
    left = await mutate(
        client, "ManagerWithdrawPartner", projectId=world.project, organisationId=newcomer,
        leftOn="2024-12-31", reason="Festival cancelled",
    )  # fmt: skip
    [gone] = [p for p in left["project"]["partners"] if p["organisationId"] == newcomer]
    assert gone == {"organisationId": newcomer, "leftOn": "2024-12-31",
                    "leftReason": "Festival cancelled"}  # fmt: skip


async def test_a_plan_modification_puts_a_new_version_in_force(client, world):
    payload = await mutate(
        client, "ManagerApprovePlanModification", projectId=world.project,
        effectiveFrom="2024-07-01", approvedOn="2024-06-20", reason="Budget shift to staff",
        budgetChanges=[{"partnerId": world.teatro, "category": "staff", "periodNumber": 1,
                        "delta": {"amount": "-500.00", "currency": "EUR"}}],
    )  # fmt: skip
    assert payload["version"] == 2 and payload["readModelsCaughtUp"]
    assert payload["project"]["id"] == world.project


async def test_a_deliverable_is_planned_drafted_submitted_and_accepted(client, world):
    deliverable = await planned(client, world, "D2.1")
    moved = await mutate(
        client, "ManagerChangeDeliverableDueDate", deliverableId=deliverable,
        dueOn="2024-10-31", justification="Venue closed for works",
    )  # fmt: skip
    assert moved["version"] == 2
    ref = "dms://d2.1"
    await mutate(client, "PartnerStartDraftingDeliverable", deliverableId=deliverable,
                 documentRef=ref)  # fmt: skip
    await mutate(client, "ManagerSubmitDeliverable", deliverableId=deliverable,
                 submittedOn="2024-10-20", documentRef=ref)  # fmt: skip
    accepted = await mutate(
        client, "ManagerAcceptDeliverable", deliverableId=deliverable, acceptedOn="2024-10-25"
    )
    assert accepted["id"] == deliverable and accepted["version"] == 5


async def test_a_submitted_deliverable_can_be_rejected_with_a_reason(client, world):
    deliverable = await planned(client, world, "D2.2")
    await mutate(client, "PartnerStartDraftingDeliverable", deliverableId=deliverable,
                 documentRef="dms://d2.2")  # fmt: skip
    await mutate(client, "PartnerSubmitDeliverable", deliverableId=deliverable,
                 submittedOn="2024-09-01", documentRef="dms://d2.2")  # fmt: skip
    rejected = await mutate(
        client, "ManagerRejectDeliverable", deliverableId=deliverable, rejectedOn="2024-09-05",
        reason="Budget annex missing",
    )  # fmt: skip
    assert rejected["version"] == 4


async def test_accepting_a_deliverable_not_yet_submitted_is_a_rule_violation(
    client, world, module_database
):
    deliverable = await planned(client, world, "D3.1")
    before = await event_count(module_database)
    error = await refused(
        client, "ManagerAcceptDeliverable", deliverableId=deliverable, acceptedOn="2024-10-01"
    )
    assert error == {"code": "RULE_VIOLATION", "rule": "deliverable_not_submitted"}
    assert await event_count(module_database) == before


async def test_a_stale_expected_version_is_a_conflict_naming_the_current_one(
    client, world, module_database
):
    deliverable = await planned(client, world, "D3.2")
    before = await event_count(module_database)
    error = await refused(
        client, "PartnerStartDraftingDeliverable", deliverableId=deliverable,
        documentRef="dms://x", expectedVersion=3,
    )  # fmt: skip
    assert error["code"] == "CONFLICT" and error["currentVersion"] == 1
    assert await event_count(module_database) == before
    payload = await mutate(
        client, "PartnerStartDraftingDeliverable", deliverableId=deliverable,
        documentRef="dms://x", expectedVersion=1,
    )  # fmt: skip
    assert payload["version"] == 2


async def test_an_unknown_id_is_not_found(client, world):
    unknown = "00000000-0000-4000-8000-000000000000"
    error = await refused(
        client, "ManagerSubmitDeliverable", deliverableId=unknown, submittedOn="2024-01-01",
        documentRef="dms://x",
    )  # fmt: skip
    assert error["code"] == "NOT_FOUND"
    error = await refused(client, "ManagerAddReportingPeriod", projectId=unknown,
                          period={"start": "2024-07-01"})  # fmt: skip
    assert error["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("field", "value"),
    [("legalStatus", "charity"), ("country", "France"), ("vatRecovery", "sometimes")],
    ids=["unknown-choice", "bad-country", "unknown-vat"],
)
async def test_malformed_input_is_refused_with_a_clear_code(client, field, value):
    input = {"name": "Nowhere", "country": "FR", "region": "-",
             "legalStatus": "public_body", "vatRecovery": "no", field: value}  # fmt: skip
    error = await refused(client, "ManagerRegisterOrganisation", **input)
    expected = "RULE_VIOLATION" if field == "country" else "INVALID_INPUT"
    assert error["code"] == expected


async def test_a_malformed_id_is_invalid_input(client):
    error = await refused(client, "ManagerAdmitPartner", projectId="not-an-id",
                          organisationId="x", role="partner", joinedOn="2024-01-01")  # fmt: skip
    assert error["code"] == "INVALID_INPUT"


async def test_a_bad_date_is_invalid_input(client, world):
    result = await client.execute(
        operation("ManagerPlanDeliverable"),
        {"input": {"projectId": world.project, "code": "D9", "title": "t", "workPackage": "WP1",
                   "dueOn": "2024-13-45", "responsiblePartner": world.teatro}},
    )  # fmt: skip
    [error] = result["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT", error


async def test_the_same_idempotency_key_twice_appends_one_event(client, world, module_database):
    deliverable = await planned(client, world, "D4.1")
    input = {"deliverableId": deliverable, "dueOn": "2024-11-30",
             "justification": "Partner on strike", "idempotencyKey": "move-d4.1"}  # fmt: skip
    first = await mutate(client, "ManagerChangeDeliverableDueDate", **input)
    count = await event_count(module_database)
    again = await mutate(client, "ManagerChangeDeliverableDueDate", **input, expectedVersion=1)
    assert not first["duplicate"] and again["duplicate"]
    assert (again["id"], again["version"], again["position"]) == (
        first["id"], first["version"], first["position"],
    )  # fmt: skip
    assert await event_count(module_database) == count


async def test_a_change_to_what_is_already_there_writes_nothing_and_says_so(
    client, world, module_database
):
    deliverable = await planned(client, world, "D4.3")
    input = {"deliverableId": deliverable, "dueOn": "2024-12-15",
             "justification": "Venue availability"}  # fmt: skip
    moved = await mutate(client, "ManagerChangeDeliverableDueDate", **input)
    assert not moved["unchanged"] and not moved["duplicate"]
    count = await event_count(module_database)
    same = await mutate(client, "ManagerChangeDeliverableDueDate", **input, idempotencyKey="k")
    assert same["unchanged"] and not same["duplicate"]
    assert (same["id"], same["version"], same["position"]) == (
        moved["id"], moved["version"], moved["position"],
    )  # fmt: skip
    assert await event_count(module_database) == count


async def test_an_idempotency_key_reused_for_another_request_is_a_conflict(client, world):
    deliverable = await planned(client, world, "D4.2")
    key = {"idempotencyKey": "reused-key"}
    await mutate(client, "ManagerChangeDeliverableDueDate", deliverableId=deliverable,
                 dueOn="2024-12-01", justification="Late", **key)  # fmt: skip
    error = await refused(client, "PartnerStartDraftingDeliverable", deliverableId=deliverable,
                          documentRef="dms://y", **key)  # fmt: skip
    assert error["code"] == "CONFLICT" and error["reason"] == "idempotency_key_reused"


async def test_a_write_the_read_models_have_not_reached_is_returned_without_its_entity(
    module_database, tmp_path
):
    lagging = load_settings(data_dir=tmp_path, run_projections=False, read_your_writes_timeout_ms=0)
    async with served(lagging, module_database) as address:
        payload = await mutate(
            GraphQLClient(address), "ManagerRegisterOrganisation", name="Lagging Arts",
            country="FR", region="Occitanie", legalStatus="public_body", vatRecovery="yes",
        )  # fmt: skip
    assert payload["version"] == 1 and int(payload["position"]) > 0
    assert payload["readModelsCaughtUp"] is False and payload["organisation"] is None
