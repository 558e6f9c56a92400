"""The Starlette application: wiring of routes, middleware and shared state in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from auth.backend import middleware as auth_middleware
from auth.routes import routes as auth_routes
from auth.service import AuthService
from domain.catalogue import STREAM_TYPES
from hub.api.calendar.feed import calendar_feed
from hub.api.evidence.download import download_evidence
from hub.api.evidence.upload import upload_evidence
from hub.api.reports.download import download_report
from hub.api.view import HubGraphQL
from hub.audit.periodic import PeriodicCheckpoints
from hub.console import console_mount
from hub.database import Database
from hub.event_feed import EventFeed
from hub.eventstore import EventStore
from hub.evidence.config import document_store
from hub.handlers.bootstrap import bootstrap
from hub.integrations.webhook_service import WebhookService
from hub.lifecycle import opened, projection_runner
from hub.observability.health import healthz, readyz
from hub.observability.request_ids import RequestIdMiddleware
from hub.observability.scrape import HttpMetricsMiddleware, metrics
from hub.observability.tracing import tracing_for
from hub.outage import OutageMiddleware
from hub.settings import Settings


async def start_services(state: Any, settings: Settings, stack: AsyncExitStack) -> None:
    """The process's shared services: event store and command bus, live feed, projections,
    periodic checkpoints, webhook deliveries."""
    database: Database = state.database
    state.store = EventStore(database.pool, STREAM_TYPES)
    state.bus = bootstrap(database.pool, state.store)
    state.event_feed = EventFeed(database.dsn, database.pool, settings.projection_poll_seconds)
    await state.event_feed.start()
    stack.push_async_callback(state.event_feed.stop)
    state.projections = None
    if settings.run_projections:
        state.projections = projection_runner(database, settings)
        await state.projections.start()
        stack.push_async_callback(state.projections.stop)
    if settings.audit_checkpoint_seconds > 0:
        checkpoints = PeriodicCheckpoints(
            database.pool, settings.audit_origin, settings.audit_checkpoint_seconds
        )
        await checkpoints.start()
        stack.push_async_callback(checkpoints.stop)
    if settings.run_webhooks:
        webhooks = WebhookService(database, settings)
        await webhooks.start()
        stack.push_async_callback(webhooks.stop)


def create_app(
    settings: Settings, database: Database | None = None, *, migrate: bool = False
) -> Starlette:
    """Build the app. Without ``database`` it opens one in its lifespan and closes it (and an
    embedded server) at shutdown, before uvicorn re-raises the signal that stopped it."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if database is None:
                app.state.database = await stack.enter_async_context(
                    opened(settings, migrated=migrate)
                )
            else:
                app.state.database = database
            if tracing is not None:
                tracing.start()
                stack.callback(tracing.stop)
            await start_services(app.state, settings, stack)
            yield

    tracing = tracing_for(settings)
    graphql = HubGraphQL(settings, tracing)
    app = Starlette(
        debug=False,
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *([Route("/metrics", metrics)] if settings.metrics else []),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/reports/{kind}.{format}", download_report),
            Route("/calendar/{token}.ics", calendar_feed),
            Route("/evidence/{sha256}", download_evidence, methods=["GET"]),
            Route("/evidence/{kind}/{entity_id}", upload_evidence, methods=["POST"]),
            WebSocketRoute("/graphql", graphql),
            *auth_routes(),
            *([console_mount(settings, tracing)] if settings.console_enabled else []),
        ],
        middleware=[
            *([tracing.middleware()] if tracing is not None else []),
            Middleware(RequestIdMiddleware),
            Middleware(HttpMetricsMiddleware),
            Middleware(OutageMiddleware),
            auth_middleware(),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.auth = AuthService(settings, app.state)
    app.state.evidence_store = document_store(settings)
    return app
