"""`hub users add|disable`: people who sign in to the hub (local directory)."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from typing import Any

import asyncpg

from auth import store
from auth.scopes import UnknownScope, checked, parse_scope, restrictions
from auth.users import hash_password
from hub.commands_cli.failure import fail
from hub.lifecycle import opened
from hub.settings import Settings

MIN_PASSWORD = 12


def register(commands: Any) -> None:
    parser = commands.add_parser("users", help="manage people who sign in")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="add a person")
    add.add_argument("username")
    add.add_argument("--organisation", required=True)
    add.add_argument("--scopes", required=True, help='allowed scopes, e.g. "projects:read"')
    add.add_argument("--projects", help="limit the grant to these projects (comma-separated)")
    add.add_argument("--programme", help="limit the grant to this programme")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=run_add)
    disable = sub.add_parser("disable", help="refuse sign-in; live tokens stop working")
    disable.add_argument("username")
    disable.set_defaults(run=run_disable)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise fail("the passwords differ")
    if len(password) < MIN_PASSWORD:
        raise fail(f"the password needs at least {MIN_PASSWORD} characters")
    return password


async def run_add(settings: Settings, args: argparse.Namespace) -> int:
    try:
        scopes = checked(parse_scope(args.scopes))
        limits = restrictions(args.projects, args.programme)
    except (UnknownScope, ValueError) as error:
        raise fail(str(error)) from None
    user = {
        "user_id": str(uuid.uuid4()),
        "username": args.username,
        "password_hash": hash_password(read_password(args.password_stdin)),
        "organisation": args.organisation,
        "scopes": scopes,
        "restrictions": limits,
    }
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await store.insert_user(connection, user)
        except asyncpg.UniqueViolationError:
            raise fail(f"user {args.username!r} already exists") from None
        except asyncpg.CheckViolationError:
            raise fail(f"invalid username {args.username!r}") from None
    print(f"user_id: {user['user_id']}")
    return 0


async def run_disable(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await store.disable_user(connection, args.username)
        except store.NotFound as error:
            raise fail(str(error)) from None
    print(f"disabled {args.username}")
    return 0
