"""authlib's AuthorizationServer, wired to the hub's persistence and token format.

Every method here runs in a worker thread (see AuthService.run); database work goes back to
the event loop through ``bridge``/``db`` and waits for its result there.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from anyio import from_thread
from authlib.oauth2.rfc6749 import AuthorizationServer, InvalidScopeError

from auth import grant_store, store, tokens
from auth.assertion import PrivateKeyJWT
from auth.clients import Client, client_from_row
from auth.endpoints import Introspection, Revocation
from auth.grants import AuthorizationCodeGrant, ClientCredentialsGrant, RefreshTokenGrant, S256Only
from auth.scopes import SCOPES, parse_scope
from auth.users import User

if TYPE_CHECKING:
    from auth.service import AuthService

T = TypeVar("T")


class HubAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, service: AuthService) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.service = service
        self.register_token_generator("default", self.generate_bearer_token)
        self.register_client_auth_method("private_key_jwt", PrivateKeyJWT(self))
        self.register_grant(ClientCredentialsGrant)
        self.register_grant(AuthorizationCodeGrant, [S256Only(required=True)])
        self.register_grant(RefreshTokenGrant)
        self.register_endpoint(Introspection)
        self.register_endpoint(Revocation)

    def bridge(self, function: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run a coroutine function on the event loop and wait for it (worker threads only)."""
        return from_thread.run(function, *args)

    def db(self, query: Callable[..., Awaitable[T]], *args: Any) -> T:
        return self.bridge(self.service.db, query, *args)

    def query_client(self, client_id: str) -> Client | None:
        row = self.db(store.fetch_client, client_id)
        if row is None or row["disabled_at"] is not None:
            return None
        return client_from_row(row)

    def user(self, user_id: str) -> User | None:
        return self.bridge(self.service.directory.get, user_id)

    def validate_requested_scope(self, scope: str | None) -> None:
        if not parse_scope(scope) <= set(SCOPES):
            raise InvalidScopeError(description="Unknown scope requested.")

    def generate_bearer_token(
        self,
        grant_type: str,
        client: Client,
        user: User | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        claims = _claims(client, user, scope)
        keyring = self.bridge(self.service.keys.get)
        access_token, payload = tokens.issue(keyring, self.service.policy, claims)
        token = {
            "token_type": "Bearer",
            "access_token": access_token,
            "expires_in": self.service.policy.lifetime_s,
            "scope": payload["scope"],
        }
        if include_refresh_token and user is not None:
            token["refresh_token"] = secrets.token_urlsafe(32)
        return token

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        grant = request.authorization_code or request.refresh_token
        family_id = grant.family_id if grant is not None else None
        self.db(
            grant_store.save_tokens,
            tokens.unverified_claims(token["access_token"]),
            family_id,
            token.get("refresh_token"),
            self.service.settings.auth_refresh_token_lifetime_hours,
        )

    def create_oauth2_request(self, request: Any) -> Any:
        return request  # already an auth.requests.HubOAuth2Request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None


def _claims(client: Client, user: User | None, scope: str | None) -> dict[str, Any]:
    """Never wider than what the client, and the person if any, are allowed."""
    allowed = client.scopes if user is None else client.scopes & user.scopes
    granted = client.get_allowed_scope(scope)
    if granted is None or not parse_scope(granted) <= allowed or not granted:
        raise InvalidScopeError(description="The requested scope is not allowed.")
    owner: Client | User = user if user is not None else client
    subject = f"user:{user.user_id}" if user is not None else f"client:{client.client_id}"
    claims = {
        "sub": subject,
        "client_id": client.client_id,
        "org": owner.organisation,
        "scope": granted,
    }
    claims.update({k: v for k, v in owner.restrictions.items() if k in ("projects", "programme")})
    return claims
