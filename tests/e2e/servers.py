"""A hub app served by uvicorn on a loopback port inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn

from hub.app import create_app
from hub.database import Database
from hub.settings import Settings
from tests.e2e.hub_process import free_port


@asynccontextmanager
async def served(settings: Settings, database: Database) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, database=database),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
