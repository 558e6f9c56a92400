"""Shared helpers for the OAuth end-to-end tests (this module holds no tests).

A hub served by uvicorn in the test's event loop, on a loopback port chosen first so the
issuer URL is known, and clients and people registered straight into its database.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import re
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from joserfc.jwk import ECKey

from auth import store
from auth.clients import hash_secret
from auth.users import hash_password
from hub.app import create_app
from hub.database import Database
from hub.settings import Settings, load_settings
from tests.e2e.hub_process import free_port
from tests.e2e.servers import serving_app

REDIRECT_URI = "http://127.0.0.1:9/callback"
PASSWORD = "correct horse battery staple"
ALL_SCOPES = "projects:read finance:read activities:write finance:write plan:write audit:read"


class Hub:
    """A running hub: its base URL (= issuer), settings and database."""

    def __init__(self, base: str, settings: Settings, database: Database) -> None:
        self.base, self.settings, self.database = base, settings, database
        self.token_url = base + "/oauth/token"

    async def whoami(self, access_token: str) -> httpx.Response:
        async with httpx.AsyncClient() as http:
            headers = {"Authorization": f"Bearer {access_token}"}
            return await http.get(self.base + "/api/whoami", headers=headers)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        async with httpx.AsyncClient() as http:
            return await http.get(self.base + path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        async with httpx.AsyncClient() as http:
            return await http.post(self.base + path, **kwargs)

    async def rows(self) -> dict[str, int]:
        """How many tokens and codes the hub has written."""
        tables = ("oauth_access_tokens", "oauth_refresh_tokens", "oauth_authorization_codes")
        async with self.database.pool.acquire() as connection:
            return {t: await connection.fetchval(f"SELECT count(*) FROM {t}") for t in tables}


@asynccontextmanager
async def serving(database: Database, tmp_path: Any, **overrides: Any) -> AsyncIterator[Hub]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    options = {"auth_cache_refresh_seconds": 0.5, "auth_token_rate_per_address": 10_000}
    settings = load_settings(data_dir=tmp_path, auth_issuer=base, **{**options, **overrides})
    async with serving_app(create_app(settings, database=database), port):
        yield Hub(base, settings, database)


@pytest.fixture(scope="module")
async def hub(database: Database, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hub]:
    async with serving(database, tmp_path_factory.mktemp("oauth")) as running:
        yield running


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def add_client(database: Database, **values: Any) -> str:
    client = {
        "client_id": unique("client"),
        "name": "Partner system",
        "organisation": "teatro-del-norte",
        "auth_method": "client_secret_basic",
        "grant_types": ["client_credentials"],
        "redirect_uris": [],
        "scopes": {"projects:read"},
        "restrictions": {},
        "jwks": None,
        "jwks_uri": None,
        **values,
    }
    secret = values.pop("secret", None)
    client.pop("secret", None)
    async with database.pool.acquire() as connection:
        await store.insert_client(connection, client, hash_secret(secret) if secret else None)
    return str(client["client_id"])


async def basic_client(database: Database, scopes: str = "projects:read", **values: Any):
    """A partner system with a client secret: (client_id, secret)."""
    secret = secrets.token_urlsafe(32)
    client_id = await add_client(database, scopes=set(scopes.split()), secret=secret, **values)
    return client_id, secret


async def jwt_client(database: Database, scopes: str = "projects:read"):
    """A partner system with an ES256 key pair: (client_id, private key)."""
    key = ECKey.generate_key("P-256", parameters={"alg": "ES256"}, auto_kid=True)
    jwks = {"keys": [key.as_dict(private=False)]}
    client_id = await add_client(
        database, auth_method="private_key_jwt", jwks=jwks, scopes=set(scopes.split())
    )
    return client_id, key


async def app_client(database: Database, scopes: str = ALL_SCOPES) -> str:
    """A public application people sign in through (PKCE, no secret)."""
    return await add_client(
        database,
        auth_method="none",
        grant_types=["authorization_code", "refresh_token"],
        redirect_uris=[REDIRECT_URI],
        scopes=set(scopes.split()),
    )


async def person(database: Database, scopes: str = "projects:read", **values: Any) -> str:
    username = unique("person")
    user = {
        "user_id": str(uuid.uuid4()),
        "username": username,
        "password_hash": hash_password(PASSWORD),
        "organisation": "occitanie-en-scene",
        "scopes": set(scopes.split()),
        "restrictions": {},
        **values,
    }
    async with database.pool.acquire() as connection:
        await store.insert_user(connection, user)
    return username


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):
    """private_key_jwt as partners should send it: ES256, aud = the issuer, 60 s of life."""

    def __init__(self, issuer: str) -> None:
        super().__init__(token_endpoint=issuer, alg="ES256")

    def sign(self, auth: Any, token_endpoint: str) -> str:
        return private_key_jwt_sign(
            auth.client_secret, auth.client_id, self.token_endpoint, alg="ES256", expires_in=60
        )


def assertion(client_id: str, key: ECKey, audience: str, lifetime: int = 60) -> str:
    return private_key_jwt_sign(key, client_id, audience, alg="ES256", expires_in=lifetime)


def basic_oauth(hub: Hub, client_id: str, secret: str, **kwargs: Any) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id, secret, token_endpoint_auth_method="client_secret_basic", **kwargs
    )


def jwt_oauth(hub: Hub, client_id: str, key: ECKey, **kwargs: Any) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id, key, token_endpoint_auth_method=ShortLivedPrivateKeyJWT(hub.base), **kwargs
    )


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


async def sign_in(
    hub: Hub, url: str, username: str, password: str = PASSWORD, decision: str = "allow"
) -> httpx.Response:
    """Open the authorization URL, fill the sign-in and consent form, submit it."""
    async with httpx.AsyncClient() as browser:
        page = await browser.get(url)
        assert page.status_code == 200, page.text
        fields = dict(
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)
        )
        fields = {name: _unescape(value) for name, value in fields.items()}
        form = {**fields, "username": username, "password": password, "decision": decision}
        return await browser.post(hub.base + "/oauth/authorize", data=form)


def _unescape(value: str) -> str:
    return html.unescape(value)


async def authorization_code_tokens(hub: Hub, client_id: str, username: str, scope: str):
    """The whole authorization code + PKCE flow, driven by authlib's client: the token."""
    oauth = AsyncOAuth2Client(
        client_id, redirect_uri=REDIRECT_URI, scope=scope, code_challenge_method="S256"
    )
    verifier = secrets.token_urlsafe(48)
    url, state = oauth.create_authorization_url(
        hub.base + "/oauth/authorize", code_verifier=verifier
    )
    answer = await sign_in(hub, url, username)
    assert answer.status_code == 302, answer.text
    async with oauth:
        return await oauth.fetch_token(
            hub.token_url,
            authorization_response=answer.headers["location"],
            code_verifier=verifier,
            state=state,
        )


async def eventually(check: Any, within: float = 5.0) -> None:
    """Poll an async predicate until it holds (for the cache's bounded delay)."""
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "did not happen in time"
        await asyncio.sleep(0.1)
