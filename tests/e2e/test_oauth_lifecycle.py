"""Tokens end: introspection, revocation and disabled clients take effect within the cache
delay; key rotation keeps live tokens working; the token endpoint rate-limits."""

from __future__ import annotations

from joserfc import jws

from auth import keys, store
from tests.e2e.test_oauth_support import (
    basic_client,
    basic_oauth,
    eventually,
    hub,
    jwt_client,
    jwt_oauth,
    serving,
)

__all__ = ["hub"]


async def fetch(hub, client_id: str, secret: str) -> dict:
    async with basic_oauth(hub, client_id, secret) as oauth:
        return dict(await oauth.fetch_token(hub.token_url))


async def introspect(hub, token: str, client_id: str, secret: str) -> dict:
    answer = await hub.post("/oauth/introspect", data={"token": token}, auth=(client_id, secret))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_introspection_describes_a_live_token_to_its_client(hub):
    client_id, secret = await basic_client(hub.database, "projects:read")
    token = (await fetch(hub, client_id, secret))["access_token"]
    found = await introspect(hub, token, client_id, secret)
    assert found["active"] is True and found["client_id"] == client_id
    assert found["sub"] == f"client:{client_id}" and found["org"] == "teatro-del-norte"
    other_id, other_secret = await basic_client(hub.database)
    assert await introspect(hub, token, other_id, other_secret) == {"active": False}


async def test_a_revoked_access_token_stops_working_at_the_api(hub):
    client_id, secret = await basic_client(hub.database)
    token = (await fetch(hub, client_id, secret))["access_token"]
    assert (await hub.whoami(token)).status_code == 200
    async with basic_oauth(hub, client_id, secret) as oauth:
        answer = await oauth.revoke_token(hub.base + "/oauth/revoke", token)
    assert answer.status_code == 200
    assert (await introspect(hub, token, client_id, secret))["active"] is False

    async def refused() -> bool:
        return (await hub.whoami(token)).status_code == 401

    await eventually(refused, within=2 * hub.settings.auth_cache_refresh_seconds + 2)


async def test_disabling_a_client_ends_its_live_tokens_and_its_token_requests(hub):
    client_id, secret = await basic_client(hub.database)
    admin_id, admin_secret = await basic_client(hub.database, "admin")
    token = (await fetch(hub, client_id, secret))["access_token"]
    async with hub.database.pool.acquire() as connection:
        await store.disable_client(connection, client_id)
    assert (await introspect(hub, token, admin_id, admin_secret))["active"] is False

    async def refused() -> bool:
        return (await hub.whoami(token)).status_code == 401

    await eventually(refused, within=2 * hub.settings.auth_cache_refresh_seconds + 2)
    answer = await hub.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


async def test_key_rotation_keeps_live_tokens_working_and_signs_new_ones_with_the_next_key(hub):
    client_id, key = await jwt_client(hub.database)
    async with jwt_oauth(hub, client_id, key) as oauth:
        before = await oauth.fetch_token(hub.token_url)
    published = {k["kid"] for k in (await hub.get("/oauth/jwks.json")).json()["keys"]}
    async with hub.database.pool.acquire() as connection:
        rows = await keys.rotate(connection)
    new_current = next(row["kid"] for row in rows if row["state"] == "current")
    assert new_current in published  # it was published as `next` before it signed

    async def rotated() -> bool:
        async with jwt_oauth(hub, client_id, key) as oauth:
            after = await oauth.fetch_token(hub.token_url)
        return bool(after["access_token"]) and _kid(after["access_token"]) == new_current

    await eventually(rotated, within=2 * hub.settings.auth_cache_refresh_seconds + 2)
    assert (await hub.whoami(before["access_token"])).status_code == 200


def _kid(token: str) -> str:
    return str(jws.extract_compact(token.encode()).headers()["kid"])


async def test_a_client_asking_too_often_gets_429_with_retry_after(database, tmp_path):
    async with serving(database, tmp_path, auth_token_rate_per_client=3) as limited:
        client_id, secret = await basic_client(database)
        answers = [
            await limited.post(
                "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
            )
            for _ in range(4)
        ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert answers[-1].json()["error"] == "slow_down"


async def test_one_address_asking_too_often_gets_429(database, tmp_path):
    async with serving(database, tmp_path, auth_token_rate_per_address=2) as limited:
        statuses = [
            (
                await limited.post(
                    "/oauth/token",
                    data={"grant_type": "client_credentials"},
                    auth=(f"nobody-{n}", "x"),
                )
            ).status_code
            for n in range(3)
        ]
    assert statuses == [401, 401, 429]
