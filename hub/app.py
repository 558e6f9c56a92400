"""The Starlette application: wiring of routes, middleware and shared state in one place."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from auth.backend import middleware as auth_middleware
from auth.routes import routes as auth_routes
from auth.service import AuthService
from domain.catalogue import STREAM_TYPES
from hub.api.view import HubGraphQL
from hub.database import Database
from hub.event_feed import EventFeed
from hub.eventstore import EventStore
from hub.handlers.bootstrap import bootstrap
from hub.lifecycle import opened, projection_runner
from hub.migrator import MigrationError, pending_migrations
from hub.settings import Settings

_READY_TIMEOUT_S = 2.0


async def healthz(request: Request) -> JSONResponse:
    """Alive: the process answers. Says nothing about the database."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ready: the database answers and every migration on disk is applied."""
    database: Database = request.app.state.database
    settings: Settings = request.app.state.settings
    checks = {"database": "unchecked", "migrations": "unchecked"}
    try:
        async with asyncio.timeout(_READY_TIMEOUT_S):
            async with database.pool.acquire() as connection:
                await connection.fetchval("SELECT 1")
                checks["database"] = "ok"
                pending = await pending_migrations(connection, settings.migrations_dir)
        checks["migrations"] = (
            "ok" if not pending else f"{len(pending)} pending, first {pending[0].version:04d}"
        )
    except MigrationError as error:
        checks["migrations"] = str(error)
    except Exception as error:  # any failure to answer means "not ready", and says why
        failed = "database" if checks["database"] != "ok" else "migrations"
        checks[failed] = f"{type(error).__name__}: {error}"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unready", "checks": checks},
        status_code=200 if ready else 503,
    )


async def start_services(state: Any, settings: Settings, stack: AsyncExitStack) -> None:
    """The process's shared services: event store and command bus, live feed, projections."""
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
            await start_services(app.state, settings, stack)
            yield

    graphql = HubGraphQL(settings)
    app = Starlette(
        debug=False,
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *auth_routes(),
        ],
        middleware=[auth_middleware()],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.auth = AuthService(settings, app.state)
    return app
