"""``/metrics`` and the middleware that counts HTTP requests."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.observability.metrics import (
    HTTP_REQUESTS,
    HTTP_SECONDS,
    POOL_CONNECTIONS,
    PROJECTION_FAILED,
    PROJECTION_LAG_EVENTS,
    PROJECTION_LAG_SECONDS,
    REGISTRY,
)
from projections.status import projection_status


async def metrics(request: Request) -> Response:
    """The scrape endpoint; reads the projections' positions and the pool at that moment."""
    state = request.app.state
    pool = state.database.pool
    POOL_CONNECTIONS.labels("open").set(pool.get_size())
    POOL_CONNECTIONS.labels("idle").set(pool.get_idle_size())
    POOL_CONNECTIONS.labels("max").set(pool.get_max_size())
    for status in await projection_status(pool):
        PROJECTION_LAG_EVENTS.labels(status.name).set(status.lag_events)
        PROJECTION_LAG_SECONDS.labels(status.name).set(status.lag_seconds)
        PROJECTION_FAILED.labels(status.name).set(1 if status.state == "failed" else 0)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


class HttpMetricsMiddleware:
    """Counts and times every HTTP request under its route template (never the raw path,
    whose values would make the series unbounded)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording)
        finally:
            route = _route_of(scope)
            HTTP_REQUESTS.labels(route, scope["method"], str(status)).inc()
            HTTP_SECONDS.labels(route).observe(time.perf_counter() - started)


def _route_of(scope: Scope) -> str:
    app = scope.get("app")
    for route in getattr(app, "routes", ()):
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return str(getattr(route, "path", "other"))
    return "unmatched"
