"""The three grants the hub accepts, tightened from authlib's defaults.

- client credentials: client_secret_basic or private_key_jwt only; asking for a scope beyond
  the client's allowed set is refused with invalid_scope, never narrowed silently;
- authorization code: PKCE with S256 required for every client (``plain`` refused); a code
  works once, and a second use revokes what the first one issued;
- refresh token: rotated on every use; presenting a rotated one revokes the whole family.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError, TokenMixin, grants
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin
from authlib.oauth2.rfc7636 import CodeChallenge

from auth import grant_store
from auth.scopes import format_scope, parse_scope
from auth.users import User

CONFIDENTIAL = ("client_secret_basic", "private_key_jwt")
CODE_LIFETIME_S = 120


@dataclass(frozen=True)
class AuthorizationCode(AuthorizationCodeMixin):  # type: ignore[misc]
    family_id: uuid.UUID
    client_id: str
    user_id: str
    redirect_uri: str | None
    scope: str
    code_challenge: str
    code_challenge_method: str

    def get_redirect_uri(self) -> str | None:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


@dataclass(frozen=True)
class RefreshToken(TokenMixin):  # type: ignore[misc]
    family_id: uuid.UUID
    client_id: str
    user_id: str
    scope: str

    def check_client(self, client: Any) -> bool:
        return bool(client.client_id == self.client_id)

    def get_scope(self) -> str:
        return self.scope


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = CONFIDENTIAL

    def validate_token_request(self) -> None:
        super().validate_token_request()
        if self.client.get_allowed_scope(self.request.payload.scope) is None:
            raise InvalidScopeError(description="The client may not ask for this scope.")


class S256Only(CodeChallenge):  # type: ignore[misc]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ("S256",)

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send a code_challenge.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ("none", *CONFIDENTIAL)

    def save_authorization_code(self, code: str, request: Any) -> None:
        values = {
            "client_id": request.client.client_id,
            "user_id": request.user.user_id,
            "redirect_uri": request.payload.redirect_uri,
            # an authorization request naming no scope gets what both may have
            "scope": format_scope(parse_scope(request.scope) & request.user.scopes),
            "code_challenge": request.payload.data["code_challenge"],
            "code_challenge_method": request.payload.data["code_challenge_method"],
        }
        self.server.db(grant_store.save_code, code, values, CODE_LIFETIME_S)

    def query_authorization_code(self, code: str, client: Any) -> AuthorizationCode | None:
        row = self.server.db(grant_store.consume_code, code, client.client_id)
        return AuthorizationCode(**dict(row)) if row is not None else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing to do: query_authorization_code consumed it atomically."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> User | None:
        return self.server.user(authorization_code.user_id)  # type: ignore[no-any-return]


class RefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ("none", *CONFIDENTIAL)
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshToken | None:
        client_id = self.request.client.client_id
        row = self.server.db(grant_store.rotate_refresh_token, refresh_token, client_id)
        return RefreshToken(**dict(row)) if row is not None else None

    def authenticate_user(self, refresh_token: RefreshToken) -> User | None:
        return self.server.user(refresh_token.user_id)  # type: ignore[no-any-return]

    def revoke_old_credential(self, refresh_token: RefreshToken) -> None:
        """Nothing to do: authenticate_refresh_token rotated it atomically."""
