"""The routes' JSON error bodies: the GraphQL error shape, with the code in
``extensions.code`` and the HTTP status that goes with it."""

from __future__ import annotations

from starlette.responses import JSONResponse

from auth.backend import challenge
from hub.evidence.errors import EvidenceError


def error_response(code: str, message: str, status: int) -> JSONResponse:
    headers = {"WWW-Authenticate": challenge()} if status == 401 else None
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


def refused(error: EvidenceError) -> JSONResponse:
    return error_response(error.code, str(error), error.status)


def unauthenticated() -> JSONResponse:
    return error_response("UNAUTHENTICATED", "a bearer token is needed", 401)


def authenticated(request: object) -> bool:
    user = getattr(request, "scope", {}).get("user")
    return user is not None and getattr(user, "is_authenticated", False)
