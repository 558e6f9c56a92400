"""`hub keys list|rotate`: the keys that sign access tokens."""

from __future__ import annotations

import argparse
from typing import Any

from auth import keys
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("keys", help="manage the keys that sign access tokens")
    sub = parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    sub.add_parser("list", help="list next, current and previous keys").set_defaults(run=run_list)
    rotate = sub.add_parser(
        "rotate", help="next key starts signing; the current one still verifies"
    )
    rotate.set_defaults(run=run_rotate)


def show(rows: list[Any]) -> None:
    for row in rows:
        print(f"{row['state']}\t{row['kid']}\t{row['changed_at'].isoformat()}")


async def run_list(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        await keys.ensure_keys(connection)
        show(await keys.live_keys(connection))
    return 0


async def run_rotate(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        show(await keys.rotate(connection))
    print(f"servers sign with the new key within {settings.auth_cache_refresh_seconds:g} s")
    return 0
