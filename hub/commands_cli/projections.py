"""`hub projections status|rebuild`: the read models' progress, and rebuilds beside them."""

from __future__ import annotations

import argparse
from typing import Any

from hub.lifecycle import opened, projection_runner
from hub.settings import Settings
from projections import ProjectionFailed, projection_status
from projections.catalogue import ALL_PROJECTIONS


def register(commands: Any) -> None:
    parser = commands.add_parser("projections", help="read-model status and rebuilds")
    sub = parser.add_subparsers(dest="projections_command", required=True, metavar="ACTION")
    status = sub.add_parser("status", help="position, lag (events, seconds) and state of each")
    status.set_defaults(run=run_status)
    rebuild = sub.add_parser(
        "rebuild", help="build a fresh generation beside the serving one, then switch to it"
    )
    rebuild.add_argument("name", choices=[p.name for p in ALL_PROJECTIONS])
    rebuild.set_defaults(run=run_rebuild)


async def run_status(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database:
        rows = await projection_status(database.pool, [p.name for p in ALL_PROJECTIONS])
    print(f"{'projection':<14} {'version':>7} {'position':>10} {'lag':>8} {'lag s':>8}  state")
    failed = False
    for row in rows:
        print(
            f"{row.name:<14} {row.version:>7} {row.position:>10} {row.lag_events:>8} "
            f"{row.lag_seconds:>8.1f}  {row.state}" + (f": {row.error}" if row.error else "")
        )
        failed = failed or row.state == "failed"
    missing = {p.name for p in ALL_PROJECTIONS} - {row.name for row in rows}
    for name in sorted(missing):
        print(f"{name:<14} {'-':>7} {'-':>10} {'-':>8} {'-':>8}  not built yet")
    return 1 if failed else 0


async def run_rebuild(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings, migrated=settings.migrate_on_start) as database:
        runner = projection_runner(database, settings)
        await runner.start()
        try:
            await runner.rebuild(args.name)
        except ProjectionFailed as error:
            print(f"hub: error: {error}")
            return 1
        finally:
            await runner.stop()
    print(f"rebuilt {args.name}: the new generation serves now")
    return 0
