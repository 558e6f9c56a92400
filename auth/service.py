"""What the auth routes, the authlib server and the API backend share, built once per app.

authlib's server is synchronous: ``run`` calls it in a worker thread, and the server reaches
the database with ``db`` through ``anyio.from_thread``, so the event loop never blocks.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import anyio.to_thread
import asyncpg
import httpx

from auth import grant_store, keys, tokens
from auth.caller import Caller
from auth.ratelimit import RateLimiter
from auth.refreshing import Refreshing
from auth.server import HubAuthorizationServer
from auth.users import LocalUserDirectory, UserDirectory
from hub.settings import Settings

T = TypeVar("T")
_JWKS_CACHE_S = 300.0
_PURGE_EVERY_S = 300.0


@dataclass(frozen=True)
class Revocations:
    access_tokens: frozenset[str]
    clients: frozenset[str]
    users: frozenset[str]

    def refuses(self, caller: Caller) -> bool:
        user_id = caller.subject.removeprefix("user:") if caller.kind == "user" else None
        return (
            caller.token_id in self.access_tokens
            or caller.client_id in self.clients
            or user_id in self.users
        )


class AuthService:
    def __init__(self, settings: Settings, app_state: Any) -> None:
        self.settings = settings
        self._app_state = app_state
        self.policy = tokens.TokenPolicy(
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            lifetime_s=settings.auth_token_lifetime_minutes * 60,
            leeway_s=settings.auth_leeway_seconds,
        )
        interval = settings.auth_cache_refresh_seconds
        self.keys: Refreshing[keys.KeyRing] = Refreshing(self._load_keyring, interval)
        self.revocations: Refreshing[Revocations] = Refreshing(self._load_revocations, interval)
        self.client_limiter = RateLimiter(settings.auth_token_rate_per_client)
        self.address_limiter = RateLimiter(settings.auth_token_rate_per_address)
        self._jwks: dict[str, tuple[float, dict[str, Any]]] = {}
        self._directory: UserDirectory | None = None
        self._purged_at = time.monotonic()
        self.server = HubAuthorizationServer(self)

    @property
    def pool(self) -> asyncpg.Pool:
        return self._app_state.database.pool

    @property
    def directory(self) -> UserDirectory:
        if self._directory is None:
            self._directory = LocalUserDirectory(self.pool)
        return self._directory

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Call authlib (synchronous) in a worker thread."""
        return await anyio.to_thread.run_sync(function, *args)

    async def db(self, query: Callable[..., Awaitable[T]], *args: Any) -> T:
        async with self.pool.acquire() as connection:
            return await query(connection, *args)

    async def verify_access_token(self, token: str) -> Caller:
        """The caller a bearer token stands for, or tokens.InvalidToken."""
        keyring = await self.keys.get()
        claims = tokens.verify(token, keyring.verifying, self.policy)
        caller = Caller.from_claims(claims)
        if (await self.revocations.get()).refuses(caller):
            raise tokens.InvalidToken("token revoked")
        return caller

    async def client_jwks(self, uri: str) -> dict[str, Any]:
        """A partner's published keys, cached a few minutes."""
        cached = self._jwks.get(uri)
        if cached is not None and time.monotonic() - cached[0] < _JWKS_CACHE_S:
            return cached[1]
        async with httpx.AsyncClient(timeout=5.0, follow_redirects=False) as client:
            response = await client.get(uri)
            response.raise_for_status()
            jwks = dict(response.json())
        self._jwks[uri] = (time.monotonic(), jwks)
        return jwks

    async def _load_keyring(self) -> keys.KeyRing:
        return await self.db(keys.load_keyring)

    async def _load_revocations(self) -> Revocations:
        leeway = timedelta(seconds=self.settings.auth_leeway_seconds)
        found = await self.db(grant_store.revocations, leeway)
        if time.monotonic() - self._purged_at > _PURGE_EVERY_S:
            await self.db(grant_store.purge_expired)
            self._purged_at = time.monotonic()
        return Revocations(*found)
