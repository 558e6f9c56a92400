"""private_key_jwt (RFC 7523 §2.2): a partner proves who it is with a JWT signed by its key.

On top of authlib: the audience must be the hub's issuer, the assertion may live at most a
few minutes, its algorithm comes from an allow-list, and its jti is remembered until it
expires, so a captured assertion cannot be replayed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import InvalidClientError
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from auth import grant_store

if TYPE_CHECKING:
    from auth.clients import Client
    from auth.server import HubAuthorizationServer

ALGORITHMS = ["ES256", "ES384", "PS256", "RS256", "EdDSA"]


class PrivateKeyJWT(JWTBearerClientAssertion):  # type: ignore[misc]
    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, server: HubAuthorizationServer) -> None:
        settings = server.service.settings
        super().__init__(validate_jti=True, leeway=settings.auth_leeway_seconds)
        self.server = server
        self.issuer = settings.auth_issuer
        self.max_lifetime = settings.auth_assertion_max_lifetime_seconds

    def get_audiences(self) -> list[str]:
        return [self.issuer]

    def resolve_client_public_key(self, client: Client) -> KeySet:
        if client.jwks_uri:
            return KeySet.import_key_set(
                self.server.bridge(self.server.service.client_jwks, client.jwks_uri)
            )
        if not client.jwks:
            raise InvalidClientError(description="The client has no registered key.")
        return KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]

    def process_assertion_claims(self, assertion: str, resolve_key: Any) -> dict[str, Any]:
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=ALGORITHMS)
        except JoseError as error:
            raise InvalidClientError(description="Invalid client assertion.") from error
        self.verify_claims(token.claims)
        return dict(token.claims)

    def verify_claims(self, claims: dict[str, Any]) -> None:
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, int | float) or not isinstance(iat, int | float):
            raise InvalidClientError(description="The assertion needs numeric exp and iat.")
        limit = self.max_lifetime + self.leeway
        if exp - iat > self.max_lifetime or exp - time.time() > limit:
            raise InvalidClientError(
                description=f"The assertion may live at most {self.max_lifetime} seconds."
            )
        super().verify_claims(claims)

    def validate_jti(self, claims: dict[str, Any], jti: str) -> bool:
        return bool(
            self.server.db(grant_store.remember_assertion, claims["sub"], jti, claims["exp"])
        )
