"""RFC 7662 introspection and RFC 7009 revocation, for the hub's access and refresh tokens.

Introspection reads the database, so a revocation or a disabled client shows at once there;
the API's own check goes through a cache (AuthService.revocations), a few seconds behind.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import TokenMixin
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from auth import grant_store, tokens


@dataclass(frozen=True)
class IssuedToken(TokenMixin):  # type: ignore[misc]
    kind: str  # "access_token" or "refresh_token"
    client_id: str
    subject: str
    scope: str
    issued_at: int
    expires_at: int
    revoked: bool
    jti: str | None = None
    family_id: uuid.UUID | None = None
    claims: dict[str, Any] = field(default_factory=dict)

    def check_client(self, client: Any) -> bool:
        return bool(client.client_id == self.client_id)

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_at - self.issued_at

    def is_expired(self) -> bool:
        return self.expires_at <= time.time()

    def is_revoked(self) -> bool:
        return self.revoked


def find_token(server: Any, token: str, hint: str | None) -> IssuedToken | None:
    if hint != "refresh_token":
        found = _access_token(server, token)
        if found is not None or hint == "access_token":
            return found
    return _refresh_token(server, token)


def _access_token(server: Any, token: str) -> IssuedToken | None:
    keyring = server.bridge(server.service.keys.get)
    try:
        claims = tokens.verify(token, keyring.verifying, server.service.policy, check_time=False)
    except tokens.InvalidToken:
        return None
    row = server.db(grant_store.fetch_access, claims["jti"])
    if row is None:
        return None
    return IssuedToken(
        kind="access_token",
        client_id=row["client_id"],
        subject=row["subject"],
        scope=row["scope"],
        issued_at=int(row["issued_at"].timestamp()),
        expires_at=int(row["expires_at"].timestamp()),
        revoked=row["revoked"],
        jti=row["jti"],
        claims=claims,
    )


def _refresh_token(server: Any, token: str) -> IssuedToken | None:
    row = server.db(grant_store.fetch_refresh, token)
    if row is None:
        return None
    return IssuedToken(
        kind="refresh_token",
        client_id=row["client_id"],
        subject=f"user:{row['user_id']}",
        scope=row["scope"],
        issued_at=int(row["issued_at"].timestamp()),
        expires_at=int(row["expires_at"].timestamp()),
        revoked=row["revoked"],
        family_id=row["family_id"],
    )


class Introspection(IntrospectionEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ("client_secret_basic", "private_key_jwt")

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        return find_token(self.server, token_string, token_type_hint)

    def check_permission(self, token: IssuedToken, client: Any, request: Any) -> bool:
        """A client introspects its own tokens; an `admin` client any token."""
        return token.client_id == client.client_id or "admin" in client.scopes

    def introspect_token(self, token: IssuedToken) -> dict[str, Any]:
        if token.kind == "access_token":
            claims = token.claims
            keep = (
                "iss",
                "aud",
                "exp",
                "iat",
                "nbf",
                "jti",
                "sub",
                "client_id",
                "scope",
                "org",
                "projects",
                "programme",
            )
            return {"token_type": "Bearer", **{k: claims[k] for k in keep if k in claims}}
        return {
            "token_type": "refresh_token",
            "client_id": token.client_id,
            "sub": token.subject,
            "scope": token.scope,
            "iat": token.issued_at,
            "exp": token.expires_at,
        }


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = ("none", "client_secret_basic", "private_key_jwt")

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        return find_token(self.server, token_string, token_type_hint)

    def revoke_token(self, token: IssuedToken, request: Any) -> None:
        """An access token by its jti; a refresh token with its whole family (RFC 7009 §2.1)."""
        if token.kind == "access_token":
            self.server.db(grant_store.revoke_access, token.jti)
        else:
            self.server.db(grant_store.revoke_family, token.family_id, "revoked by the client")
        self.server.service.revocations.expire()
