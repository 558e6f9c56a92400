"""`hub audit verify`: recompute the hash chain; exit 0 only when everything verifies."""

from __future__ import annotations

import argparse
from typing import Any

from hub.chain import verify_chain
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="verify the event log")
    sub = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = sub.add_parser("verify", help="recompute every hash of the chain")
    verify.add_argument("--after", type=int, default=0, help="start after this position")
    verify.add_argument("--until", type=int, default=None, help="stop at this position")
    verify.set_defaults(run=run_verify)


async def run_verify(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        report = await verify_chain(connection, after=args.after, until=args.until)
    if report.ok:
        print(
            f"ok: {report.checked} events verified, head {report.head_position} "
            f"{report.head_hash.hex()}"
        )
        return 0
    print(f"BROKEN at position {report.first_bad_position}: {report.problem}")
    print(f"last good position {report.head_position} {report.head_hash.hex()}")
    return 1
