"""Mutations over real HTTP: partner reports, first-level control, payments, activities and
La Collaborative's schemes (development caller)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.schemes import Agency, Scheme, SchemeKind
from hub.commands import LaunchScheme
from hub.database import Database
from hub.handlers import CommandContext, bootstrap
from hub.settings import Settings
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.mutations_support import (
    World,
    event_count,
    expenditure,
    module_database,
    money,
    mutate,
    open_report,
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


async def in_control(client: GraphQLClient, world: World, partner: str) -> str:
    """A report of ``partner`` with one 1,200 EUR line, submitted and taken into control."""
    report = await open_report(client, world, partner)
    await mutate(client, "PartnerRecordExpenditure", **expenditure(report))
    await mutate(client, "PartnerSubmitPartnerReport", reportId=report, submittedOn="2024-07-15")
    await mutate(client, "ControllerStartControl", reportId=report, startedOn="2024-07-20")
    return report


async def test_a_partner_report_goes_from_declared_to_certified(client, world):
    report = await open_report(client, world, world.teatro)
    declared = await mutate(client, "PartnerRecordExpenditure", **expenditure(report))
    assert declared["id"] == report and declared["lineNumber"] == 1
    assert declared["version"] == 2 and declared["readModelsCaughtUp"]
    await mutate(client, "PartnerSubmitPartnerReport", reportId=report, submittedOn="2024-07-15")
    await mutate(client, "ControllerStartControl", reportId=report, startedOn="2024-07-20")
    line = {"reportId": report, "lineNumber": 1}
    await mutate(client, "ControllerSampleLine", **line)
    await mutate(client, "ControllerParkLine", **line, reason="Waiting for the boarding passes")
    await mutate(client, "ControllerReincludeLine", **line)
    await mutate(
        client, "ControllerMakeDeduction", **line, amount=money("200.00"),
        errorType="missing_evidence", comment="One ticket missing",
    )  # fmt: skip
    await mutate(client, "ControllerAssignSecondReviewer", reportId=report, reviewer="user:ana")
    certified = await mutate(
        client, "ControllerCertifyPartnerReport", reportId=report, certifiedOn="2024-08-01"
    )
    assert certified["version"] == 10


async def test_a_line_in_another_currency_carries_its_exchange_rate(client, world):
    report = await open_report(client, world, world.lead)
    rate = {"rate": "1.4837", "rateDate": "2024-03-01", "source": "InforEuro 2024-03"}
    payload = await mutate(
        client, "PartnerRecordExpenditure",
        **expenditure(report, declared=money("890.22", "CAD"), exchangeRate=rate),
    )  # fmt: skip
    assert payload["lineNumber"] == 1


async def test_a_deduction_larger_than_the_declared_amount_is_refused(
    client, world, module_database
):
    report = await in_control(client, world, world.cirque)
    before = await event_count(module_database)
    error = await refused(
        client, "ControllerMakeDeduction", reportId=report, lineNumber=1,
        amount=money("1200.01"), errorType="ineligible_cost", comment="Too much",
    )  # fmt: skip
    assert error == {"code": "RULE_VIOLATION", "rule": "deduction_exceeds_declared_amount"}
    assert await event_count(module_database) == before
    reopened = await mutate(
        client, "ControllerReopenPartnerReport", reportId=report, reason="Add the invoices"
    )
    assert reopened["version"] == 5


async def test_a_certified_report_is_paid_then_confirmed(client, world):
    authorised = await mutate(
        client, "ManagerAuthorisePayment", projectId=world.project, partnerId=world.teatro,
        fund="erdf", kind="advance", sequence=1, amount=money("5000.00"),
        authorisedOn="2024-02-01",
    )  # fmt: skip
    assert authorised["version"] == 1
    confirmed = await mutate(
        client, "ManagerConfirmPayment", paymentId=authorised["id"], confirmedOn="2024-02-10"
    )
    assert confirmed["id"] == authorised["id"] and confirmed["version"] == 2


async def test_an_activity_is_recorded_counted_and_its_travel_added(client, world):
    recorded = await mutate(
        client, "PartnerRecordActivity", ownerId=world.project, code="ACT-1",
        kind="performance", title="Circus night", heldOn="2024-05-04",
        place={"city": "Jaca", "country": "ES", "venue": "Palacio de Congresos"},
        partners=[world.teatro],
    )  # fmt: skip
    activity = recorded["id"]
    counts = {"byGender": [{"key": "women", "count": 60}, {"key": "men", "count": 52}],
              "byCategory": [{"key": "audience", "count": 112}]}  # fmt: skip
    counted = await mutate(
        client, "PartnerCountParticipants", activityId=activity, participants=counts
    )
    travelled = await mutate(
        client, "PartnerAddTravelLeg", activityId=activity, mode="train", distanceKm="420.5",
        travellers=6,
    )  # fmt: skip
    assert (counted["version"], travelled["version"]) == (2, 3)


async def test_an_agency_participation_in_a_scheme_is_recorded(client, module_database):
    launch = LaunchScheme(
        SchemeKind.FAIRE_PART, "2024", Agency.OCCITANIE_EN_SCENE, date(2024, 1, 10),
        (Agency.OCCITANIE_EN_SCENE, Agency.ODIA_NORMANDIE),
    )  # fmt: skip
    await bootstrap(module_database.pool).execute(launch, CommandContext(actor="user:seed"))
    scheme = str(Scheme.create_id(SchemeKind.FAIRE_PART, "2024"))
    payload = await mutate(
        client, "ManagerRecordSchemeParticipation", schemeId=scheme, agency="odia_normandie",
        heldOn="2024-03-14", description="Faire-Part journey in Caen", hostRegion="Normandie",
        participants={"byGender": [{"key": "women", "count": 9}]},
    )  # fmt: skip
    assert payload["id"] == scheme and payload["version"] == 2
