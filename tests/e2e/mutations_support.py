"""Shared helpers for the mutation tests (this module holds no tests): a fresh database per
test module, the operations of graphql/operations/, and a small world seeded through the
mutations themselves (organisations, a project with a reporting period, a partnership and
a plan).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from hub.database import Database, open_database
from hub.settings import PROJECT_ROOT, Settings
from tests.conftest import create_database, drop_database
from tests.e2e.graphql_client import GraphQLClient

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"


@pytest.fixture(scope="module")
async def module_database(settings: Settings, admin_url: str) -> AsyncIterator[Database]:
    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        yield database
    finally:
        await database.close()
        await drop_database(admin_url, url)


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


def field_of(name: str) -> str:
    """The mutation field an operation calls (its first selection)."""
    text = operation(name)
    return text.split("{", 1)[1].split("(", 1)[0].strip()


async def mutate(client: GraphQLClient, name: str, /, **input: Any) -> dict[str, Any]:
    """Send the operation ``name`` with ``input``; its payload (errors fail the test)."""
    data = await client.data(operation(name), {"input": input})
    return dict(data[field_of(name)])


async def refused(client: GraphQLClient, name: str, /, **input: Any) -> dict[str, Any]:
    """Send the operation and return the extensions of the one error it must produce."""
    result = await client.execute(operation(name), {"input": input})
    assert result.get("data") is None, result
    [error] = result["errors"]
    return dict(error["extensions"])


async def event_count(database: Database) -> int:
    return int(await database.pool.fetchval("SELECT count(*) FROM events"))


async def metadata_at(database: Database, position: int) -> dict[str, Any]:
    import json

    raw = await database.pool.fetchval("SELECT metadata FROM events WHERE position = $1", position)
    return dict(json.loads(raw) if isinstance(raw, str) else raw)


def money(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"amount": amount, "currency": currency}


@dataclass(frozen=True)
class World:
    project: str
    lead: str
    teatro: str
    cirque: str


async def organisation(client: GraphQLClient, name: str, country: str) -> str:
    payload = await mutate(
        client, "ManagerRegisterOrganisation", name=name, country=country, region="Occitanie",
        legalStatus="non_profit_association", vatRecovery="no", languages=["fr"],
    )  # fmt: skip
    return str(payload["id"])


async def seed(client: GraphQLClient, acronym: str = "PYRENART-T") -> World:
    """A running POCTEFA project with a lead partner, two partners, a period and a plan."""
    lead = await organisation(client, f"Occitanie en scène {acronym}", "FR")
    teatro = await organisation(client, f"Teatro del Norte {acronym}", "ES")
    cirque = await organisation(client, f"Cirque du Sud {acronym}", "FR")
    project = await mutate(
        client, "ManagerRegisterProject", acronym=acronym, title="Pyrenees in motion",
        programme="interreg_poctefa", funds=[{"fund": "erdf", "cofinancingRate": "0.65"}],
        period={"start": "2024-01-01", "end": "2026-12-31"},
    )  # fmt: skip
    project_id = str(project["id"])
    period = {"start": "2024-01-01", "end": "2024-06-30"}
    await mutate(client, "ManagerAddReportingPeriod", projectId=project_id, period=period)
    for organisation_id, role in ((lead, "lead_partner"), (teatro, "partner"), (cirque, "partner")):
        await mutate(
            client, "ManagerAdmitPartner", projectId=project_id, organisationId=organisation_id,
            role=role, joinedOn="2024-01-01",
        )  # fmt: skip
    await adopt_plan(client, project_id, teatro)
    return World(project_id, lead, teatro, cirque)


async def adopt_plan(client: GraphQLClient, project_id: str, partner: str) -> dict[str, Any]:
    budget = [
        {"partnerId": partner, "category": c, "periodNumber": 1, "amount": money("20000.00")}
        for c in ("staff", "travel_and_accommodation")
    ]
    return await mutate(
        client, "ManagerAdoptPlan", projectId=project_id, effectiveFrom="2024-01-01",
        approvedOn="2023-12-15", workPackages=[{"code": "WP1", "title": "Circulation"}],
        deliverables=[{"code": "D1.1", "workPackage": "WP1", "title": "Tour plan",
                       "dueOn": "2024-06-30", "responsiblePartner": partner}],
        indicators=[{"code": "O1", "kind": "output", "name": "Performances", "unit": "shows",
                     "baseline": "0", "target": "40"}],
        budget=budget, flatRates=[{"kind": "office_and_administration_on_staff", "rate": "0.15"}],
    )  # fmt: skip


async def open_report(client: GraphQLClient, world: World, partner: str) -> str:
    payload = await mutate(
        client, "PartnerOpenPartnerReport", projectId=world.project, partnerId=partner,
        periodNumber=1, openedOn="2024-07-01",
    )  # fmt: skip
    return str(payload["id"])


def expenditure(report_id: str, amount: str = "1200.00", **overrides: Any) -> dict[str, Any]:
    return {
        "reportId": report_id, "category": "travel_and_accommodation",
        "description": "Train Toulouse-Barcelona, 4 artists", "supplier": "SNCF",
        "invoiceNumber": "F-2024-118", "invoiceDate": "2024-03-12", "paymentDate": "2024-03-20",
        "declared": money(amount), "vat": money("0.00"), "vatRecoverable": False,
        "evidenceRef": "dms://invoices/F-2024-118", **overrides,
    }  # fmt: skip
