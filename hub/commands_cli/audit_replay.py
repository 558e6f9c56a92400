"""`hub audit replay`: every read model as of a past position or time, beside the live ones.

Exit status: 0 done, 2 the position, time or name cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from hub.audit.replay import ReplayError, check_name, drop, position_as_of, replay
from hub.lifecycle import opened
from hub.log_moments import NotAPointOfTheLog, position_or_moment
from hub.settings import Settings
from projections.catalogue import ALL_PROJECTIONS


def until_value(text: str) -> int | datetime:
    """A position, or an ISO 8601 date or time (``hub.log_moments``)."""
    try:
        return position_or_moment(text)
    except NotAPointOfTheLog as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "replay", help="rebuild every read model as of a position or time, in separate schemas"
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--until", type=until_value, metavar="POSITION|TIME", help="replay the log up to here"
    )
    action.add_argument("--drop", metavar="NAME", help="remove the replay NAME")
    parser.add_argument("--schema", help="name of the replay (default: replay_p<position>)")
    parser.set_defaults(run=run_replay)


async def run_replay(settings: Settings, args: argparse.Namespace) -> int:
    try:
        async with opened(settings) as database, database.pool.acquire() as connection:
            if args.drop is not None:
                await drop(connection, args.drop)
                print(f"dropped replay {args.drop}")
                return 0
            position = args.until
            if isinstance(position, datetime):
                position = await position_as_of(connection, position)
            name = check_name(args.schema or f"replay_p{position}")
            made = await replay(connection, name, position, ALL_PROJECTIONS)
    except ReplayError as error:
        print(f"hub: error: {error}", file=sys.stderr)
        return 2
    when = f", recorded {made.recorded_at.isoformat()}" if made.recorded_at else ""
    chain = f", chain hash {made.head_hash.hex()}" if made.head_hash else ""
    print(f"replayed the log up to position {made.position}{when}{chain} into schema {name}")
    print(f"  query it like read: SELECT * FROM {name}.{made.tables[0]};")
    print(f"  tables: {', '.join(made.tables)}")
    print(f"  remove it with: hub audit replay --drop {name}")
    return 0
