"""Webhook endpoints through GraphQL, with real client-credentials tokens, on a hub in
production mode (https only, no private or loopback addresses)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import pytest

from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.test_oauth_support import Hub, basic_client, basic_oauth, serving

KEY = "A" * 43
PUBLIC_URL = "https://93.184.215.14/hooks"
REGISTER = """
mutation Register($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled } }
}"""
ENDPOINTS = "{ webhookEndpoints(first: 10) { nodes { id url enabled disabledReason } } }"


@pytest.fixture(scope="module")
async def hub(database, tmp_path_factory) -> AsyncIterator[Hub]:
    options = {"environment": "production", "webhook_secrets_key": KEY, "run_webhooks": False}
    async with serving(database, tmp_path_factory.mktemp("webhooks"), **options) as running:
        yield running


async def partner(hub: Hub, scopes: str) -> GraphQLClient:
    client_id, secret = await basic_client(hub.database, scopes)
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    address = hub.base.removeprefix("http://")
    return GraphQLClient(address, headers={"authorization": f"Bearer {token['access_token']}"})


async def endpoint_count(hub: Hub) -> int:
    return await hub.database.pool.fetchval("SELECT count(*) FROM webhook_endpoints")


def code_of(answer: dict) -> str:
    return answer["errors"][0]["extensions"]["code"]


async def test_a_partner_registers_lists_rotates_and_deletes_its_endpoint(hub):
    client = await partner(hub, "projects:read webhooks:manage")
    variables = {"input": {"url": PUBLIC_URL, "eventTypes": ["Deliverable.Submitted"]}}
    registered = (await client.data(REGISTER, variables))["registerWebhookEndpoint"]
    assert registered["secret"].startswith("whsec_") and len(registered["secret"]) == 50
    endpoint = registered["endpoint"]
    assert endpoint["url"] == PUBLIC_URL and endpoint["eventTypes"] == ["Deliverable.Submitted"]
    listed = (await client.data(ENDPOINTS))["webhookEndpoints"]["nodes"]
    assert [e["id"] for e in listed] == [endpoint["id"]]
    rotate = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }"
    rotated = (await client.data(rotate, {"id": endpoint["id"]}))["rotateWebhookSecret"]
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != registered["secret"]
    other = await partner(hub, "projects:read webhooks:manage")
    assert (await other.data(ENDPOINTS))["webhookEndpoints"]["nodes"] == []
    delete = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }"
    assert code_of(await other.execute(delete, {"id": endpoint["id"]})) == "NOT_FOUND"
    await client.data(delete, {"id": endpoint["id"]})
    assert (await client.data(ENDPOINTS))["webhookEndpoints"]["nodes"] == []


async def test_a_partner_disables_and_enables_its_endpoint(hub):
    client = await partner(hub, "projects:read webhooks:manage")
    variables = {"input": {"url": PUBLIC_URL, "eventTypes": ["Deliverable.Submitted"]}}
    endpoint = (await client.data(REGISTER, variables))["registerWebhookEndpoint"]["endpoint"]
    disable = """mutation($id: ID!, $reason: String!) {
      disableWebhookEndpoint(id: $id, reason: $reason) { id enabled disabledReason } }"""
    enable = "mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledReason } }"
    other = await partner(hub, "projects:read webhooks:manage")
    refused = await other.execute(disable, {"id": endpoint["id"], "reason": "not yours"})
    assert code_of(refused) == "NOT_FOUND"
    assert code_of(await other.execute(enable, {"id": endpoint["id"]})) == "NOT_FOUND"
    off = await client.data(disable, {"id": endpoint["id"], "reason": "maintenance"})
    assert off["disableWebhookEndpoint"] == {
        "id": endpoint["id"], "enabled": False, "disabledReason": "maintenance",
    }  # fmt: skip
    stored = await hub.database.pool.fetchrow(
        "SELECT enabled, disabled_reason, disabled_at FROM webhook_endpoints"
        " WHERE endpoint_id = $1",
        UUID(endpoint["id"]),
    )
    assert stored["enabled"] is False and stored["disabled_reason"] == "maintenance"
    assert stored["disabled_at"] is not None
    listed = (await client.data(ENDPOINTS))["webhookEndpoints"]["nodes"]
    assert [(e["enabled"], e["disabledReason"]) for e in listed] == [(False, "maintenance")]
    on = (await client.data(enable, {"id": endpoint["id"]}))["enableWebhookEndpoint"]
    assert on == {"id": endpoint["id"], "enabled": True, "disabledReason": None}
    reader = await partner(hub, "projects:read")
    assert code_of(await reader.execute(enable, {"id": endpoint["id"]})) == "FORBIDDEN"
    await client.data("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }",
                      {"id": endpoint["id"]})  # fmt: skip


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://93.184.215.14/hooks", "https"),
        ("https://127.0.0.1/hooks", "non-public"),
        ("https://localhost/hooks", "non-public"),
        ("https://10.1.2.3/hooks", "non-public"),
        ("https://169.254.169.254/latest/meta-data", "non-public"),
        ("https://[::1]/hooks", "non-public"),
        ("https://[::ffff:192.168.1.1]/hooks", "non-public"),
        ("https://user:pw@93.184.215.14/hooks", "credentials"),
        ("https://no-such-host.invalid/hooks", "does not resolve"),
    ],
    ids=["plain-http", "loopback", "localhost", "private", "metadata", "ipv6-loopback",
         "ipv4-mapped-private", "credentials", "unresolvable"],
)  # fmt: skip
async def test_an_unsafe_url_is_refused_and_nothing_is_written(hub, url, reason):
    client = await partner(hub, "projects:read webhooks:manage")
    before = await endpoint_count(hub)
    answer = await client.execute(REGISTER, {"input": {"url": url}})
    assert code_of(answer) == "INVALID_INPUT" and reason in answer["errors"][0]["message"]
    assert await endpoint_count(hub) == before


@pytest.mark.parametrize(
    ("scopes", "event_type", "code"),
    [
        ("projects:read", "Deliverable.Submitted", "FORBIDDEN"),
        ("projects:read webhooks:manage", "PartnerReport.Submitted", "FORBIDDEN"),
        ("projects:read webhooks:manage", "DataSubject.Forgotten", "FORBIDDEN"),
        ("projects:read webhooks:manage", "No.SuchEvent", "INVALID_INPUT"),
    ],
    ids=["without-webhooks-manage", "finance-without-finance-read",
         "data-subjects-without-audit-read", "unknown-event-type"],
)  # fmt: skip
async def test_an_endpoint_asks_only_for_what_its_client_may_see(hub, scopes, event_type, code):
    client = await partner(hub, scopes)
    before = await endpoint_count(hub)
    variables = {"input": {"url": PUBLIC_URL, "eventTypes": [event_type]}}
    assert code_of(await client.execute(REGISTER, variables)) == code
    assert await endpoint_count(hub) == before
