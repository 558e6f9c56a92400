"""Resource protection: bearer tokens on API requests become ``request.user``.

A request without a bearer token goes on unauthenticated (``require_scopes`` refuses it
where a route needs a caller); a request with a bad one is answered 401 at once.
"""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, AuthenticationError
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response

from auth.caller import Caller
from auth.tokens import InvalidToken

REALM = "hub"


class BearerTokenBackend(AuthenticationBackend):
    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, Caller] | None:
        scheme, _, token = conn.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        try:
            caller = await conn.app.state.auth.verify_access_token(token.strip())
        except InvalidToken as error:
            raise AuthenticationError(str(error)) from error
        return AuthCredentials(sorted(caller.scopes)), caller


def challenge(error: str | None = None, description: str | None = None, scope: str = "") -> str:
    """A WWW-Authenticate value (RFC 6750 §3)."""
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append('error_description="{}"'.format(description.replace('"', "'")))
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def on_error(conn: HTTPConnection, exc: Exception) -> Response:
    return JSONResponse(
        {"error": "invalid_token", "error_description": str(exc)},
        status_code=401,
        headers={"WWW-Authenticate": challenge("invalid_token", str(exc))},
    )


def middleware() -> Middleware:
    return Middleware(AuthenticationMiddleware, backend=BearerTokenBackend(), on_error=on_error)


def require_scopes(request: Request, *scopes: str) -> Caller:
    """The caller, if the request carries a valid token with every scope named; else 401
    (no token) or 403 (insufficient_scope), with the WWW-Authenticate header RFC 6750 asks."""
    caller = request.user
    if not isinstance(caller, Caller):
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": challenge()})
    if not caller.has_scopes(*scopes):
        wanted = " ".join(scopes)
        header = challenge("insufficient_scope", f"needs scope {wanted}", wanted)
        raise HTTPException(403, f"needs scope {wanted}", {"WWW-Authenticate": header})
    return caller


def current_caller(request: HTTPConnection) -> Caller | None:
    """The seam for the GraphQL layer: the caller, or None for an anonymous request."""
    user = request.user
    return user if isinstance(user, Caller) else None
