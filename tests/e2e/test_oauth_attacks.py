"""The attack table of docs/security.md: each row is one case here, refused with the right
status or error code, and nothing written."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey

from auth import keys
from tests.e2e.test_oauth_support import (
    REDIRECT_URI,
    app_client,
    assertion,
    authorization_code_tokens,
    basic_client,
    basic_oauth,
    hub,
    jwt_client,
    person,
    pkce_pair,
    sign_in,
)

__all__ = ["hub"]


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def signed(header: dict, claims: dict, key, alg: str = "ES256") -> str:
    return jwt.encode({"alg": alg, **header}, claims, key, algorithms=[alg], default_type=None)


def alg_none(header, claims, key):
    return f"{b64({**header, 'alg': 'none'})}.{b64(claims)}."


def hs256_with_public_key(header, claims, key):
    public = json.dumps(key.as_dict(private=False)).encode()
    return signed(header, claims, OctKey.import_key(public), alg="HS256")


def shifted(**changes):
    def forge(header, claims, key):
        now = int(time.time())
        return signed(header, {**claims, **{k: now + v for k, v in changes.items()}}, key)

    return forge


def changed(header_changes=None, **claim_changes):
    def forge(header, claims, key):
        new_header = {k: v for k, v in {**header, **(header_changes or {})}.items() if v}
        return signed(new_header, {**claims, **claim_changes}, key)

    return forge


def unknown_kid(header, claims, key):
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    return signed({**header, "kid": stranger.kid}, claims, stranger)


FORGERIES = {  # id: (forge, the reason the API gives)
    "alg-none": (alg_none, "algorithm 'none' is not accepted"),
    "hs256-signed-with-the-public-key": (hs256_with_public_key, "algorithm 'HS256'"),
    "expired": (shifted(iat=-3600, nbf=-3600, exp=-600), "token expired"),
    "not-yet-valid": (shifted(nbf=600, iat=0, exp=1200), "not yet valid"),
    "wrong-aud": (changed(aud="urn:someone-else:api"), "'aud'"),
    "wrong-iss": (changed(iss="https://evil.example"), "'iss'"),
    "missing-typ": (changed({"typ": ""}), "typ must be at+jwt"),
    "unknown-kid": (unknown_kid, "invalid_key_id"),
}


@pytest.mark.parametrize(("forge", "reason"), FORGERIES.values(), ids=FORGERIES.keys())
async def test_a_forged_access_token_is_refused_by_the_api(hub, forge, reason):
    client_id, secret = await basic_client(hub.database, "projects:read")
    async with basic_oauth(hub, client_id, secret) as oauth:
        real = (await oauth.fetch_token(hub.token_url))["access_token"]
    async with hub.database.pool.acquire() as connection:
        signing = (await keys.load_keyring(connection)).signing
    claims = dict(jwt.decode(real, signing).claims) | {"scope": "projects:read admin"}
    header = {"typ": "at+jwt", "kid": signing.kid}
    before = await hub.rows()
    answer = await hub.whoami(forge(header, claims, signing))
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    assert reason in answer.json()["error_description"]
    assert await hub.rows() == before


async def replayed_client_assertion(hub):
    client_id, key = await jwt_client(hub.database)
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion(client_id, key, hub.base),
    }
    assert (await hub.post("/oauth/token", data=form)).status_code == 200
    return lambda: hub.post("/oauth/token", data=form)


async def client_secret_post_for_a_basic_client(hub):
    client_id, secret = await basic_client(hub.database)
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return lambda: hub.post("/oauth/token", data=form)


async def scope_escalation_in_the_token_request(hub):
    client_id, secret = await basic_client(hub.database, "projects:read")
    form = {"grant_type": "client_credentials", "scope": "projects:read finance:write"}
    return lambda: hub.post("/oauth/token", data=form, auth=(client_id, secret))


async def pkce_plain(hub):
    client_id = await app_client(hub.database)
    verifier, _ = pkce_pair()
    query = (
        f"response_type=code&client_id={client_id}&redirect_uri={REDIRECT_URI}"
        f"&scope=projects:read&code_challenge={verifier}&code_challenge_method=plain"
    )
    return lambda: hub.get(f"/oauth/authorize?{query}")


async def reused_authorization_code(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    verifier, challenge = pkce_pair()
    query = (
        f"response_type=code&client_id={client_id}&redirect_uri={REDIRECT_URI}"
        f"&scope=projects:read&code_challenge={challenge}&code_challenge_method=S256"
    )
    answer = await sign_in(hub, f"{hub.base}/oauth/authorize?{query}", username)
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    assert (await hub.post("/oauth/token", data=form)).status_code == 200
    return lambda: hub.post("/oauth/token", data=form)


async def reused_refresh_token(hub):
    client_id = await app_client(hub.database)
    username = await person(hub.database)
    token = await authorization_code_tokens(hub, client_id, username, "projects:read")
    async with AsyncOAuth2Client(client_id) as oauth:
        await oauth.refresh_token(hub.token_url, refresh_token=token["refresh_token"])
    form = {
        "grant_type": "refresh_token",
        "refresh_token": token["refresh_token"],
        "client_id": client_id,
    }
    return lambda: hub.post("/oauth/token", data=form)


ENDPOINT_ATTACKS = {
    "replayed-client-assertion": (replayed_client_assertion, 400, "invalid_client"),
    "client-secret-post-for-a-basic-client": (
        client_secret_post_for_a_basic_client,
        401,
        "invalid_client",
    ),
    "scope-escalation": (scope_escalation_in_the_token_request, 400, "invalid_scope"),
    "pkce-plain": (pkce_plain, 302, "invalid_request"),
    "reused-authorization-code": (reused_authorization_code, 400, "invalid_grant"),
    "reused-refresh-token": (reused_refresh_token, 400, "invalid_grant"),
}


@pytest.mark.parametrize(
    ("prepare", "status", "error"), ENDPOINT_ATTACKS.values(), ids=ENDPOINT_ATTACKS.keys()
)
async def test_an_attack_on_the_authorization_server_is_refused(hub, prepare, status, error):
    attempt = await prepare(hub)
    before = await hub.rows()
    answer = await attempt()
    assert answer.status_code == status
    if status == 302:
        assert parse_qs(urlsplit(answer.headers["location"]).query)["error"] == [error]
    else:
        assert answer.json()["error"] == error
    assert await hub.rows() == before
