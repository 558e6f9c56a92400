"""`hub serve`: the HTTP service (uvicorn) with health endpoints."""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn

from hub.app import create_app
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", help="address to listen on (default: HUB_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default: HUB_PORT)")
    parser.add_argument(
        "--no-migrate", action="store_true", help="do not apply pending migrations at start-up"
    )
    parser.set_defaults(run=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    migrate = settings.migrate_on_start and not args.no_migrate
    config = uvicorn.Config(
        create_app(settings, migrate=migrate),
        host=args.host or settings.host,
        port=args.port if args.port is not None else settings.port,
        log_level="info",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    await server.serve()
    return 0 if server.started else 1
