"""`hub demo`: load the demo data (the agency's projects in 2021) through the command bus."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hub.demo import DESCRIPTION, DemoLoadFailed, load_demo
from hub.handlers import bootstrap
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo", help="load the demo data (idempotent: a second run appends nothing)"
    )
    parser.set_defaults(run=run)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    print(DESCRIPTION)
    print()
    try:
        async with opened(settings, migrated=True) as database:
            summary = await load_demo(bootstrap(database.pool))
    except DemoLoadFailed as error:
        print(f"hub demo: a command was refused: {error}", file=sys.stderr)
        return 1
    print(summary.line())
    return 0
