"""The /graphql endpoint: strawberry's ASGI view with our context, APQ and body limit."""

from __future__ import annotations

import json
import time
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from auth.backend import challenge
from hub.api.caller import caller_from, must_authenticate
from hub.api.context import Context
from hub.api.errors import ApiError, InvalidInput, Unavailable
from hub.api.i18n import language_of
from hub.api.persisted_queries import PersistedQueries, PersistedQueryNotFound
from hub.api.response_cache import ResponseCache
from hub.api.schema import build_schema, introspection_allowed
from hub.observability.metrics import record_graphql
from hub.observability.tracing import Tracing
from hub.settings import Settings
from projections.catalogue import ALL_PROJECTIONS
from projections.status import ProjectionTimeout, wait_for_position


class BodyTooLarge(Exception):
    pass


MIN_POSITION_HEADER = "x-hub-min-position"
READ_MODELS = [projection.name for projection in ALL_PROJECTIONS]


class HubGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, tracing: Tracing | None = None) -> None:
        ide = settings.graphql_ide
        if ide is None:
            ide = settings.environment == "development"
        super().__init__(
            build_schema(settings, [tracing.graphql_extension()] if tracing else []),
            graphql_ide="graphiql" if ide else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.persisted = PersistedQueries()
        self.responses = ResponseCache(READ_MODELS)
        self.introspection = introspection_allowed(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and must_authenticate(
            HTTPConnection(scope), self.settings
        ):
            await _unauthenticated(scope, receive, send)
            return
        if scope["type"] == "http":
            limit = self.settings.graphql_max_body_bytes
            declared = dict(scope.get("headers", [])).get(b"content-length")
            if declared is not None and int(declared) > limit:
                await _too_large(limit)(scope, receive, send)
                return
            receive = _limited(receive, limit)
            try:
                await super().__call__(scope, receive, send)
            except BodyTooLarge:
                await _too_large(limit)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        app_state = request.app.state
        return Context(
            database=app_state.database,
            settings=self.settings,
            caller=caller_from(request, self.settings),
            lang=language_of(request),
            request=request,
            loaders={"event_feed": app_state.event_feed},
        )

    def encode_json(self, data: object) -> str:
        """orjson where it can (several times faster than the standard library on the nested
        lists GraphQL answers are made of); text, as WebSocket frames must be."""
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # orjson's JSONEncodeError, e.g. an integer over 64 bits
            return json.dumps(data, separators=(",", ":"))

    async def parse_http_body(self, request: Any) -> GraphQLRequestData:
        """A body that is no GraphQL request (bad UTF-8, a bare JSON string, a query that is
        not a string) is the client's error: 400, not a 500 from the parser."""
        try:
            data = await super().parse_http_body(request)
        except (UnicodeDecodeError, AttributeError, TypeError) as error:
            raise HTTPException(400, f"the body is not a GraphQL request: {error}") from None
        if data.query is not None and not isinstance(data.query, str):
            raise HTTPException(400, "the query must be a string")
        return data

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        data: GraphQLRequestData = kwargs["request_data"]
        started = time.perf_counter()
        result = await self._answer(data, *args, **kwargs)
        name = data.operation_name
        if data.query is not None:
            name = self.responses.describe(data.query, name)[1]
        record_graphql(name, _outcome(result), time.perf_counter() - started)
        return result

    async def _reach_requested_position(self, context: Context) -> None:
        """Read-your-writes across processes: a client that wrote through another hub process
        names the position its write returned (header ``X-Hub-Min-Position``); the query
        waits, bounded by ``read_your_writes_timeout_ms``, until every read model has it."""
        value = context.request.headers.get(MIN_POSITION_HEADER)
        if value is None:
            return
        if not value.isdigit() or len(value) > 19:
            raise InvalidInput(f"{MIN_POSITION_HEADER} must be a log position (an integer)")
        await _wait_for(context, int(value))

    async def _answer(self, data: GraphQLRequestData, *args: Any, **kwargs: Any) -> ExecutionResult:
        try:
            data.query = self.persisted.resolve(data.query, data.extensions)
        except PersistedQueryNotFound as error:
            return _error_result(str(error), error.code)
        except ApiError as error:
            return _error_result(str(error), error.code)
        context: Context = kwargs["context"]
        is_query = data.query is not None and self.responses.is_query(
            data.query, data.operation_name
        )
        if is_query:
            try:
                await self._reach_requested_position(context)
            except ApiError as error:
                return _error_result(str(error), error.code, **error.extensions)
        if not is_query or not self.settings.graphql_response_cache:
            return await super().execute_single(*args, **kwargs)
        key = self.responses.key(
            data.query, data.operation_name, data.variables, context.caller, context.lang
        )
        return await self.responses.answer(
            context.database.pool,
            key,
            lambda: super(HubGraphQL, self).execute_single(*args, **kwargs),
            lambda: context.keepable,
        )


async def _wait_for(context: Context, position: int) -> None:
    timeout = context.settings.read_your_writes_timeout_ms / 1000
    runner = getattr(context.request.app.state, "projections", None)
    try:
        await wait_for_position(runner or context.database.pool, READ_MODELS, position, timeout)
    except ProjectionTimeout:
        raise Unavailable(
            f"the read models have not reached position {position} yet; retry"
        ) from None


def _outcome(result: ExecutionResult) -> str:
    """ "ok", or the code of the first error (what an operator counts failures by)."""
    if not result.errors:
        return "ok"
    extensions = result.errors[0].extensions or {}
    return str(extensions.get("code", "ERROR"))


def _error_result(message: str, code: str, **extensions: object) -> ExecutionResult:
    return ExecutionResult(
        data=None, errors=[GraphQLError(message, extensions={"code": code, **extensions})]
    )


def _limited(receive: Receive, limit: int) -> Receive:
    received = 0

    async def limited() -> Any:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge
        return message

    return limited


def _too_large(limit: int) -> Response:
    return JSONResponse(
        {"errors": [{"message": f"request body over {limit} bytes",
                     "extensions": {"code": "REQUEST_TOO_LARGE"}}]},
        status_code=413,
    )  # fmt: skip


async def _unauthenticated(scope: Scope, receive: Receive, send: Send) -> None:
    """401 with the RFC 6750 challenge; a WebSocket is closed with 4401 (Unauthorized)."""
    if scope["type"] == "websocket":
        await WebSocket(scope, receive, send).close(code=4401, reason="a bearer token is needed")
        return
    response = JSONResponse(
        {"errors": [{"message": "a bearer token is needed",
                     "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": challenge()},
    )  # fmt: skip
    await response(scope, receive, send)
