"""The HTTP endpoints of the authorization server, and the example protected route."""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc6749.util import extract_basic_authorization
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from auth.assertion import ALGORITHMS as ASSERTION_ALGORITHMS
from auth.backend import require_scopes
from auth.consent import authorize
from auth.requests import FormTooLarge, form_pairs, oauth_request
from auth.scopes import SCOPES, format_scope
from auth.tokens import unverified_claims

METADATA_PATH = "/.well-known/oauth-authorization-server"
JWKS_PATH = "/oauth/jwks.json"
AUTH_METHODS = ["private_key_jwt", "client_secret_basic"]


def metadata(issuer: str) -> dict[str, Any]:
    """RFC 8414 authorization server metadata."""
    return {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/oauth/authorize",
        "token_endpoint": issuer + "/oauth/token",
        "jwks_uri": issuer + JWKS_PATH,
        "introspection_endpoint": issuer + "/oauth/introspect",
        "revocation_endpoint": issuer + "/oauth/revoke",
        "scopes_supported": list(SCOPES),
        "response_types_supported": ["code"],
        "grant_types_supported": ["client_credentials", "authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": [*AUTH_METHODS, "none"],
        "token_endpoint_auth_signing_alg_values_supported": ASSERTION_ALGORITHMS,
        "introspection_endpoint_auth_methods_supported": AUTH_METHODS,
        "introspection_endpoint_auth_signing_alg_values_supported": ASSERTION_ALGORITHMS,
        "revocation_endpoint_auth_methods_supported": [*AUTH_METHODS, "none"],
        "revocation_endpoint_auth_signing_alg_values_supported": ASSERTION_ALGORITHMS,
        "code_challenge_methods_supported": ["S256"],
    }


async def server_metadata(request: Request) -> JSONResponse:
    issuer = request.app.state.auth.settings.auth_issuer
    return JSONResponse(metadata(issuer), headers={"Cache-Control": "max-age=300"})


async def jwks(request: Request) -> JSONResponse:
    """next, current and previous public keys; short cache so rotations spread quickly."""
    keyring = await request.app.state.auth.keys.get()
    return JSONResponse(keyring.jwks(), headers={"Cache-Control": "max-age=60"})


async def token(request: Request) -> Response:
    return await _endpoint(request, "token")


async def introspect(request: Request) -> Response:
    return await _endpoint(request, "introspection")


async def revoke(request: Request) -> Response:
    return await _endpoint(request, "revocation")


async def _endpoint(request: Request, name: str) -> Response:
    service = request.app.state.auth
    try:
        pairs = await form_pairs(request)
    except FormTooLarge:
        return _error(413, "invalid_request", "request body too large")
    retry = _rate_limited(service, request, pairs)
    if retry is not None:
        return _error(429, "slow_down", "too many requests", {"Retry-After": str(retry)})
    oauth = oauth_request(request, service.settings.auth_issuer, pairs)
    if name == "token":
        result = await service.run(service.server.create_token_response, oauth)
    else:
        result = await service.run(service.server.create_endpoint_response, name, oauth)
    status, body, headers = result
    return JSONResponse(body, status, headers=dict(headers))


def _rate_limited(service: Any, request: Request, pairs: list[tuple[str, str]]) -> int | None:
    """Per address first, then per client as the request names it (before authentication:
    failed attempts count too)."""
    address = request.client.host if request.client else "unknown"
    retry = service.address_limiter.hit(address)
    client_id = _named_client(request, dict(pairs))
    if retry is None and client_id:
        retry = service.client_limiter.hit(client_id)
    return retry  # type: ignore[no-any-return]


def _named_client(request: Request, form: dict[str, str]) -> str | None:
    try:
        client_id, _ = extract_basic_authorization(request.headers)
    except UnicodeDecodeError:
        return None
    if client_id:
        return str(client_id)
    assertion = form.get("client_assertion")
    if assertion:
        try:
            subject = unverified_claims(assertion).get("sub")
        except (JoseError, ValueError, TypeError):
            return None
        return subject if isinstance(subject, str) else None
    return form.get("client_id")


def _error(
    status: int, error: str, description: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


async def whoami(request: Request) -> JSONResponse:
    """Example protected route: who the token says the caller is."""
    caller = require_scopes(request)
    return JSONResponse(
        {
            "subject": caller.subject,
            "kind": caller.kind,
            "client_id": caller.client_id,
            "organisation": caller.organisation,
            "scopes": format_scope(caller.scopes).split(),
            "projects": sorted(caller.projects) if caller.projects is not None else None,
            "programme": caller.programme,
        }
    )


def routes() -> list[Route]:
    return [
        Route(METADATA_PATH, server_metadata),
        Route(JWKS_PATH, jwks),
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/oauth/introspect", introspect, methods=["POST"]),
        Route("/oauth/revoke", revoke, methods=["POST"]),
        Route("/api/whoami", whoami),
    ]
