"""Registered clients: partner systems (client credentials) and applications people use."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from authlib.oauth2.rfc6749 import ClientMixin

from auth.scopes import granted

AUTH_METHODS = ("private_key_jwt", "client_secret_basic", "none")
GRANT_TYPES = ("client_credentials", "authorization_code", "refresh_token")


def new_client_id() -> str:
    return "c-" + secrets.token_hex(8)


def new_secret() -> str:
    """256 random bits, URL-safe: shown once to the operator, stored hashed."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


@dataclass(frozen=True)
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    name: str
    organisation: str
    auth_method: str
    grant_types: tuple[str, ...]
    scopes: frozenset[str]
    redirect_uris: tuple[str, ...] = ()
    restrictions: dict[str, Any] = field(default_factory=dict)
    jwks: dict[str, Any] | None = None
    jwks_uri: str | None = None
    secret_hashes: tuple[bytes, ...] = ()
    disabled: bool = False

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        return granted(scope, self.scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        presented = hash_secret(client_secret)
        matches = [hmac.compare_digest(presented, known) for known in self.secret_hashes]
        return any(matches)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """One method per client, at every endpoint: a basic client cannot fall back to
        client_secret_post, a private_key_jwt client cannot use a secret."""
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


def client_from_row(row: asyncpg.Record) -> Client:
    return Client(
        client_id=row["client_id"],
        name=row["name"],
        organisation=row["organisation"],
        auth_method=row["auth_method"],
        grant_types=tuple(row["grant_types"]),
        scopes=frozenset(row["scopes"]),
        redirect_uris=tuple(row["redirect_uris"]),
        restrictions=dict(row["restrictions"]),
        jwks=row["jwks"],
        jwks_uri=row["jwks_uri"],
        secret_hashes=tuple(row["secret_hashes"] or ()),
        disabled=row["disabled_at"] is not None,
    )
