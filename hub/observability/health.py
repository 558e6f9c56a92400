"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: the database answers,
every migration on disk is applied, and every read model is close enough to the log)."""

from __future__ import annotations

import asyncio

import asyncpg
from starlette.requests import Request
from starlette.responses import JSONResponse

from hub.database import Database
from hub.migrator import MigrationError, pending_migrations
from hub.settings import Settings
from projections.catalogue import ALL_PROJECTIONS
from projections.status import projection_status

_READY_TIMEOUT_S = 2.0

_UNSTARTED_LAG = """
SELECT coalesce(extract(epoch FROM now() - min(recorded_at)), 0)::float8 FROM events
WHERE position = 1
"""


async def healthz(request: Request) -> JSONResponse:
    """Alive: the process answers. Says nothing about the database."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    database: Database = request.app.state.database
    settings: Settings = request.app.state.settings
    checks = {"database": "unchecked", "migrations": "unchecked", "projections": "unchecked"}
    try:
        # The deadline covers the acquire and the checks, never the release: a release cut
        # short leaves asyncpg's own release task failing unseen on a dead connection.
        async with database.pool.acquire(timeout=_READY_TIMEOUT_S) as connection:
            async with asyncio.timeout(_READY_TIMEOUT_S):
                await connection.fetchval("SELECT 1")
                checks["database"] = "ok"
                pending = await pending_migrations(connection, settings.migrations_dir)
                checks["migrations"] = (
                    "ok"
                    if not pending
                    else f"{len(pending)} pending, first {pending[0].version:04d}"
                )
                checks["projections"] = await _projections(
                    connection, settings.ready_max_projection_lag_seconds
                )
    except MigrationError as error:
        checks["migrations"] = str(error)
    except Exception as error:  # any failure to answer means "not ready", and says why
        failed = next(name for name, value in checks.items() if value == "unchecked")
        checks[failed] = f"{type(error).__name__}: {error}"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unready", "checks": checks},
        status_code=200 if ready else 503,
    )


async def _projections(connection: asyncpg.Connection, max_lag_seconds: float) -> str:
    """ "ok", or which read models are failed or too far behind (worst first)."""
    statuses = {status.name: status for status in await projection_status(connection)}
    problems: list[tuple[float, str]] = []
    unstarted_lag: float | None = None  # the age of the log's first event, read once
    for projection in ALL_PROJECTIONS:
        status = statuses.get(projection.name)
        if status is None:
            if unstarted_lag is None:
                unstarted_lag = float(await connection.fetchval(_UNSTARTED_LAG))
            lag = unstarted_lag
            if lag > max_lag_seconds:
                problems.append((lag, f"{projection.name} not started"))
        elif status.state == "failed":
            problems.append((float("inf"), f"{projection.name} failed at {status.error}"))
        elif status.lag_seconds > max_lag_seconds:
            problems.append(
                (status.lag_seconds, f"{projection.name} {status.lag_seconds:.0f} s behind")
            )
    if not problems:
        return "ok"
    return "; ".join(text for _, text in sorted(problems, reverse=True))
