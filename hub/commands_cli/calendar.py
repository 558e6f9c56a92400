"""`hub calendar create|list|revoke`: secret calendar URLs of a partner system or a person."""

from __future__ import annotations

import argparse
from typing import Any

import asyncpg

from hub.commands_cli.failure import fail, parse_id
from hub.integrations import calendar_store
from hub.integrations.calendar_scope import granted, target_exists
from hub.integrations.calendar_store import FeedKind, Viewer
from hub.lifecycle import opened
from hub.settings import Settings

_CLIENT = """
SELECT 'client:' || client_id AS subject, organisation, scopes, restrictions, disabled_at
FROM oauth_clients WHERE client_id = $1
"""
_USER = """
SELECT 'user:' || user_id AS subject, organisation, scopes, restrictions, disabled_at
FROM oauth_users WHERE username = $1
"""


def register(commands: Any) -> None:
    parser = commands.add_parser("calendar", help="secret calendar URLs (iCalendar feeds)")
    sub = parser.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    create = sub.add_parser("create", help="a new feed URL for a client or a person (shown once)")
    create.add_argument("kind", choices=[k.value for k in FeedKind])
    create.add_argument("target_id", help="the project's or organisation's id")
    _owner_arguments(create, required=True)
    listing = sub.add_parser("list", help="feeds (every owner's unless one is named)")
    _owner_arguments(listing, required=False)
    listing.add_argument("--include-revoked", action="store_true")
    listing.set_defaults(run=run_list)
    create.set_defaults(run=run_create)
    revoke = sub.add_parser("revoke", help="the URL stops working at once")
    revoke.add_argument("feed_id")
    revoke.set_defaults(run=run_revoke)


def _owner_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    owner = parser.add_mutually_exclusive_group(required=required)
    owner.add_argument("--client", help="a partner system's OAuth client id")
    owner.add_argument("--user", help="a person's username")


async def _viewer(connection: asyncpg.Connection, args: argparse.Namespace) -> Viewer:
    query, name = (_CLIENT, args.client) if args.client else (_USER, args.user)
    row = await connection.fetchrow(query, name)
    what = "OAuth client" if args.client else "user"
    if row is None or row["disabled_at"] is not None:
        raise fail(f"no active {what} {name!r}")
    restrictions = dict(row["restrictions"] or {})
    projects = restrictions.get("projects")
    programme = restrictions.get("programme")
    viewer = Viewer(
        subject=row["subject"],
        organisation=row["organisation"],
        scopes=frozenset(row["scopes"]),
        projects=None if projects is None else frozenset(str(p) for p in projects),
        programme=programme if isinstance(programme, str) else None,
    )
    if not viewer.has("projects:read"):
        raise fail(f"{what} {name} lacks projects:read")
    return viewer


async def run_create(settings: Settings, args: argparse.Namespace) -> int:
    kind = FeedKind(args.kind)
    target = parse_id(args.target_id, kind.value)
    async with opened(settings) as database, database.pool.acquire() as connection:
        viewer = await _viewer(connection, args)
        if not await target_exists(connection, kind, target):
            raise fail(f"no {kind} {target}")
        if kind == FeedKind.PROJECT and not await granted(connection, viewer, target):
            raise fail(f"the grant of {viewer.subject} does not reach project {target}")
        row, token = await calendar_store.create(connection, viewer, kind, target)
    print(f"feed_id: {row['feed_id']}")
    print(f"url: {settings.auth_issuer.rstrip('/')}/calendar/{token}.ics")
    print("(the URL is shown once and is the credential: give it only to its owner)")
    return 0


async def run_list(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        owner = None
        if args.client or args.user:
            owner = (await _viewer(connection, args)).subject
        rows = await calendar_store.feeds(connection, owner, args.include_revoked)
    for row in rows:
        state = "live" if row["revoked_at"] is None else f"revoked {row['revoked_at']:%Y-%m-%d}"
        print(
            f"{row['feed_id']}\t{row['subject']}\t{row['kind']}\t{row['target_id']}\t"
            f"{row['created_at']:%Y-%m-%d}\t{state}"
        )
    return 0


async def run_revoke(settings: Settings, args: argparse.Namespace) -> int:
    feed_id = parse_id(args.feed_id, "calendar feed")
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await calendar_store.revoke(connection, feed_id, None)
        except calendar_store.FeedNotFound as error:
            raise fail(str(error)) from None
    print(f"revoked {feed_id}")
    return 0
