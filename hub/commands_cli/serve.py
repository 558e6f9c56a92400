"""`hub serve`: the HTTP service (uvicorn), alone or as several worker processes."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import socket
import sys
from typing import Any

import uvicorn

from hub.app import create_app
from hub.lifecycle import opened
from hub.observability.logs import configure_logging
from hub.settings import Settings

_STOP_GRACE_SECONDS = 30


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", help="address to listen on (default: HUB_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default: HUB_PORT)")
    parser.add_argument(
        "--workers", type=int, help="worker processes sharing the port (default: HUB_WORKERS)"
    )
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)  # a worker's inherited socket
    parser.add_argument(
        "--no-migrate", action="store_true", help="do not apply pending migrations at start-up"
    )
    parser.set_defaults(run=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    configure_logging(settings.log_format, settings.log_level)
    migrate = settings.migrate_on_start and not args.no_migrate
    workers = args.workers if args.workers is not None else settings.workers
    if workers > 1 and args.fd is None:
        return await _supervise(settings, args, workers, migrate)
    where: dict[str, Any] = (
        {"fd": args.fd}
        if args.fd is not None
        else {
            "host": args.host or settings.host,
            "port": args.port if args.port is not None else settings.port,
        }
    )
    app = create_app(settings, migrate=migrate)
    _freeze_start_up_objects()
    config = uvicorn.Config(
        app,
        **where,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=settings.log_level,
        lifespan="on",
        timeout_graceful_shutdown=_STOP_GRACE_SECONDS,
    )
    server = uvicorn.Server(config)
    await server.serve()
    return 0 if server.started else 1


def _freeze_start_up_objects() -> None:
    """Keep the garbage collector off what lives as long as the process (modules, the
    GraphQL schema, the app: some 160,000 objects). Left in, every full collection walks
    them all: pauses of 50 to 200 ms under load, the slowest requests' whole story."""
    gc.collect()
    gc.freeze()


async def _supervise(
    settings: Settings, args: argparse.Namespace, workers: int, migrate: bool
) -> int:
    """Bind the port once, start ``workers`` processes serving the same socket, and stop them
    together. The database (an embedded server included) stays open in this process for as
    long as the workers run; migrations are applied here, once, before they start."""
    async with opened(settings, migrated=migrate) as database:
        listener = socket.create_server(
            (args.host or settings.host, args.port if args.port is not None else settings.port),
            reuse_port=False,
        )
        listener.set_inheritable(True)
        env = {**os.environ, "HUB_DATABASE_URL": database.dsn, "HUB_WORKERS": "1"}
        command = [sys.executable, "-m", "hub.cli", "serve", "--no-migrate"]
        children = [
            await asyncio.create_subprocess_exec(
                *command, "--fd", str(listener.fileno()), env=env, pass_fds=[listener.fileno()]
            )
            for _ in range(workers)
        ]
        listener.close()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        exited = [asyncio.ensure_future(child.wait()) for child in children]
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([stopping, *exited], return_when=asyncio.FIRST_COMPLETED)
        for child in children:
            if child.returncode is None:
                child.send_signal(signal.SIGTERM)
        codes = await asyncio.gather(*exited)
        stopping.cancel()
    return 0 if stop.is_set() else next((code for code in codes if code), 1)
