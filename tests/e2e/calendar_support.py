"""Shared helpers for the calendar feed tests (this module holds no tests): a hub serving a
database of its own with the demo loaded, partners with real tokens, and parsed feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import icalendar
import pytest

from hub.database import Database
from hub.settings import Settings
from tests.conftest import loaded_demo
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving

SCENES_EN_RESEAUX = "68ac920c-2e9c-5d3b-95d9-991cf8143ce2"
OCCITANIE_EN_SCENE = "aaa55346-940e-576c-a57a-ff1257a875b1"
QUEBEC_NETWORK_A = "f52f5879-6ac9-5643-963d-7abbdc23f967"
CREATE = """
mutation Create($input: CreateCalendarFeedInput!) {
  createCalendarFeed(input: $input) { url feed { id kind targetId revokedAt } }
}"""


@pytest.fixture(scope="module")
async def demo_copy(settings: Settings, admin_url: str) -> AsyncIterator[Database]:
    """The demo in a database of this module's own (feeds are written into it)."""
    async with loaded_demo(settings, admin_url) as database:
        yield database


@pytest.fixture(scope="module")
async def hub(demo_copy: Database, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hub]:
    options = {
        "environment": "production",
        "run_projections": False,
        "run_webhooks": False,
        "audit_checkpoint_seconds": 0,
    }
    async with serving(demo_copy, tmp_path_factory.mktemp("calendar"), **options) as running:
        yield running


async def partner_with_id(
    hub: Hub, organisation: str, scopes: str, **values: Any
) -> tuple[GraphQLClient, str]:
    """A partner system's GraphQL client with a real token, and its OAuth client id."""
    client_id, secret = await basic_client(
        hub.database, scopes, organisation=organisation, **values
    )
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    address = hub.base.removeprefix("http://")
    headers = {"authorization": f"Bearer {token['access_token']}"}
    return GraphQLClient(address, headers=headers), client_id


async def partner(hub: Hub, organisation: str, scopes: str, **values: Any) -> GraphQLClient:
    return (await partner_with_id(hub, organisation, scopes, **values))[0]


async def new_feed(client: GraphQLClient, kind: str, target: str) -> dict[str, Any]:
    variables = {"input": {"kind": kind, "targetId": target}}
    return (await client.data(CREATE, variables))["createCalendarFeed"]


async def fetch(url: str, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.get(url, headers=headers)


@dataclass(frozen=True)
class Feed:
    calendar: icalendar.Calendar

    @classmethod
    def parse(cls, body: bytes) -> Feed:
        return cls(icalendar.Calendar.from_ical(body))

    @property
    def events(self) -> dict[str, icalendar.Event]:
        return {str(event["uid"]): event for event in self.calendar.walk("VEVENT")}

    def starts(self, suffix: str) -> dict[str, Any]:
        """Each event whose UID ends with ``suffix``: its decoded start."""
        return {
            uid.removesuffix(suffix): event.decoded("dtstart")
            for uid, event in self.events.items()
            if uid.endswith(suffix)
        }

    @property
    def zones(self) -> set[str]:
        return {str(zone["tzid"]) for zone in self.calendar.walk("VTIMEZONE")}
