"""`hub migrate`: apply pending migrations."""

from __future__ import annotations

import argparse
from typing import Any

from hub.database import resolve_dsn
from hub.lifecycle import apply_migrations
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("migrate", help="apply pending database migrations")
    parser.set_defaults(run=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    dsn, embedded = await resolve_dsn(settings)
    try:
        applied = await apply_migrations(settings, dsn)
    finally:
        if embedded is not None:
            await embedded.stop()
    for migration in applied:
        print(f"applied {migration.version:04d}_{migration.name}")
    if not applied:
        print("nothing to apply")
    return 0
