"""Database outages answered as such: a retryable ``UNAVAILABLE``, never a 500.

While PostgreSQL restarts, is unreachable or cancels a statement on its timeout, asyncpg
raises connection, interface and operator-intervention errors from wherever the request
happened to be: a resolver (``hub.api.errors.classify`` codes those) or code that runs
before GraphQL does, such as the token check's key and revocation refresh or the response
cache's position read. ``OutageMiddleware`` turns the latter into ``503`` with the same
body shape and a ``Retry-After``, so a client retries with its idempotency key.
"""

from __future__ import annotations

import logging

import asyncpg
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset
    TimeoutError,  # a pool or read-your-writes wait ran out
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, statement timeout
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections, disk full
    # a connection the server dropped mid-operation is left in a state asyncpg refuses
    asyncpg.exceptions.InternalClientError,
)
RETRY_AFTER_SECONDS = 1


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGE_ERRORS)


def unavailable_body(error: BaseException) -> dict[str, object]:
    message = f"the database is unavailable ({type(error).__name__}); retry shortly"
    return {
        "errors": [{"message": message, "extensions": {"code": "UNAVAILABLE", "retryable": True}}]
    }


class OutageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except OUTAGE_ERRORS as error:
            if started:
                raise
            log.warning("%s %s: database unavailable: %s", scope["method"], scope["path"], error)
            response = JSONResponse(
                unavailable_body(error), status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )  # fmt: skip
            await response(scope, receive, send)
