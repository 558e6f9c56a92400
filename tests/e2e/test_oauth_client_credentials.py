"""Partner systems get RFC 9068 access tokens with client credentials, both ways."""

from __future__ import annotations

from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.e2e.test_oauth_support import basic_client, basic_oauth, hub, jwt_client, jwt_oauth

__all__ = ["hub"]


async def test_a_basic_client_gets_a_short_lived_at_jwt_for_the_api(hub):
    client_id, secret = await basic_client(hub.database, "projects:read finance:read")
    async with basic_oauth(hub, client_id, secret, scope="projects:read") as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
    assert token["token_type"] == "Bearer" and "refresh_token" not in token
    assert token["expires_in"] == 600 and token["scope"] == "projects:read"
    keys = KeySet.import_key_set((await hub.get("/oauth/jwks.json")).json())
    decoded = jwt.decode(token["access_token"], keys, algorithms=["ES256"])
    assert decoded.header["typ"] == "at+jwt" and decoded.header["kid"]
    claims = decoded.claims
    assert claims["iss"] == hub.base and claims["aud"] == hub.settings.auth_audience
    assert claims["sub"] == f"client:{client_id}" and claims["client_id"] == client_id
    assert claims["org"] == "teatro-del-norte" and claims["exp"] - claims["iat"] == 600
    assert claims["jti"]


async def test_a_token_without_scope_gets_everything_the_client_is_allowed(hub):
    client_id, secret = await basic_client(hub.database, "finance:read projects:read")
    async with basic_oauth(hub, client_id, secret) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
        whoami = (await oauth.get(hub.base + "/api/whoami")).json()
    assert token["scope"] == "projects:read finance:read"
    assert whoami["subject"] == f"client:{client_id}"
    assert whoami["organisation"] == "teatro-del-norte" and whoami["kind"] == "client"
    assert whoami["scopes"] == ["projects:read", "finance:read"]


async def test_a_private_key_jwt_client_gets_a_token_with_its_signed_assertion(hub):
    client_id, key = await jwt_client(hub.database, "activities:write")
    async with jwt_oauth(hub, client_id, key) as oauth:
        token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
        whoami = await oauth.get(hub.base + "/api/whoami")
    assert token["scope"] == "activities:write"
    assert whoami.status_code == 200 and whoami.json()["client_id"] == client_id


async def test_a_second_secret_works_alongside_the_first_until_the_next_rotation(hub):
    from auth import store
    from auth.clients import hash_secret

    client_id, first = await basic_client(hub.database)
    second, third = "s" * 43, "t" * 43
    async with hub.database.pool.acquire() as connection:
        await store.add_secret(connection, client_id, hash_secret(second))
    for secret in (first, second):
        async with basic_oauth(hub, client_id, secret) as oauth:
            assert "access_token" in await oauth.fetch_token(hub.token_url)
    async with hub.database.pool.acquire() as connection:
        await store.add_secret(connection, client_id, hash_secret(third))
    answer = await hub.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, first)
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


async def test_the_server_metadata_validates_and_names_only_s256(hub):
    document = (await hub.get("/.well-known/oauth-authorization-server")).json()
    metadata = AuthorizationServerMetadata(document)
    metadata.validate()
    assert metadata["issuer"] == hub.base
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert "client_secret_post" not in metadata["token_endpoint_auth_methods_supported"]


async def test_the_api_refuses_a_request_without_a_token_and_says_how_to_authenticate(hub):
    answer = await hub.get("/api/whoami")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith('Bearer realm="hub"')
