"""`hub project`: run the projections (and webhook deliveries) alone, so API and projector
processes scale apart."""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import Any

from hub.integrations.webhook_service import WebhookService
from hub.lifecycle import opened, projection_runner
from hub.observability.logs import configure_logging
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("project", help="run the read-model projections (no HTTP)")
    parser.set_defaults(run=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    configure_logging(settings.log_format, settings.log_level)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with opened(settings, migrated=settings.migrate_on_start) as database:
        runner = projection_runner(database, settings)
        await runner.start()
        webhooks = WebhookService(database, settings)
        if settings.run_webhooks:
            await webhooks.start()
        print("projections running; stop with SIGTERM or Ctrl-C", flush=True)
        try:
            await stop.wait()
        finally:
            await webhooks.stop()
            await runner.stop()
    return 0
