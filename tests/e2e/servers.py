"""A hub app served by uvicorn on a loopback port inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.applications import Starlette

from hub.app import create_app
from hub.database import Database
from hub.settings import Settings
from tests.e2e.hub_process import free_port


@asynccontextmanager
async def serving_app(app: Starlette, port: int) -> AsyncIterator[None]:
    """Run ``app`` with uvicorn on ``port`` (loopback) until the block ends."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
        ws="websockets-sansio",
    )  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def served(settings: Settings, database: Database) -> AsyncIterator[str]:
    port = free_port()
    async with serving_app(create_app(settings, database=database), port):
        yield f"127.0.0.1:{port}"
