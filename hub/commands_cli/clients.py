"""`hub clients add|list|rotate-secret|add-key|disable`: the registered OAuth clients."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import asyncpg

from auth import store
from auth.clients import AUTH_METHODS, GRANT_TYPES, hash_secret, new_client_id, new_secret
from auth.scopes import UnknownScope, checked, parse_scope, restrictions
from hub.commands_cli.failure import fail
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("clients", help="manage OAuth clients (partner systems, apps)")
    sub = parser.add_subparsers(dest="clients_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="register a client; prints its secret once")
    add.add_argument("name")
    add.add_argument("--organisation", required=True)
    add.add_argument("--scopes", required=True, help='allowed scopes, e.g. "projects:read"')
    add.add_argument("--auth-method", choices=AUTH_METHODS, default="private_key_jwt")
    add.add_argument("--jwks-file", type=Path, help="the partner's public keys (JWKS or a JWK)")
    add.add_argument("--jwks-uri", help="where the partner publishes its public keys")
    add.add_argument("--redirect-uri", action="append", default=[], help="for sign-in apps")
    add.add_argument("--grant-types", help="space-separated (default from the auth method)")
    add.add_argument("--projects", help="limit the grant to these projects (comma-separated)")
    add.add_argument("--programme", help="limit the grant to this programme")
    add.add_argument("--client-id", help="choose the id (default: generated)")
    add.set_defaults(run=run_add)
    sub.add_parser("list", help="list clients").set_defaults(run=run_list)
    rotate = sub.add_parser("rotate-secret", help="new secret; the previous one keeps working")
    rotate.add_argument("client_id")
    rotate.set_defaults(run=run_rotate_secret)
    add_key = sub.add_parser("add-key", help="register one more public key (JWK file)")
    add_key.add_argument("client_id")
    add_key.add_argument("jwk_file", type=Path)
    add_key.set_defaults(run=run_add_key)
    disable = sub.add_parser("disable", help="refuse the client; its live tokens stop working")
    disable.add_argument("client_id")
    disable.set_defaults(run=run_disable)


def read_public_keys(path: Path) -> list[dict[str, Any]]:
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise fail(f"{path}: {error}") from None
    keys = document.get("keys", [document]) if isinstance(document, dict) else None
    if not keys or not all(isinstance(key, dict) and "kty" in key for key in keys):
        raise fail(f"{path}: expected a JWK or a JWKS")
    if any("d" in key or "k" in key for key in keys):
        raise fail(f"{path}: holds private or symmetric key material; send public keys only")
    return list(keys)


def client_values(args: argparse.Namespace) -> dict[str, Any]:
    try:
        scopes = checked(parse_scope(args.scopes))
        limits = restrictions(args.projects, args.programme)
    except (UnknownScope, ValueError) as error:
        raise fail(str(error)) from None
    if not scopes:
        raise fail("give at least one scope")
    confidential = args.auth_method != "none"
    default = "client_credentials" if confidential else "authorization_code refresh_token"
    grant_types = (args.grant_types or default).split()
    if not set(grant_types) <= set(GRANT_TYPES):
        raise fail(f"grant types are among {', '.join(GRANT_TYPES)}")
    if "authorization_code" in grant_types and not args.redirect_uri:
        raise fail("a client signing people in needs --redirect-uri")
    if args.auth_method == "private_key_jwt" and not (args.jwks_file or args.jwks_uri):
        raise fail("a private_key_jwt client needs --jwks-file or --jwks-uri")
    jwks = {"keys": read_public_keys(args.jwks_file)} if args.jwks_file else None
    return {
        "client_id": args.client_id or new_client_id(),
        "name": args.name,
        "organisation": args.organisation,
        "auth_method": args.auth_method,
        "grant_types": grant_types,
        "redirect_uris": args.redirect_uri,
        "scopes": scopes,
        "restrictions": limits,
        "jwks": jwks,
        "jwks_uri": args.jwks_uri,
    }


async def run_add(settings: Settings, args: argparse.Namespace) -> int:
    values = client_values(args)
    secret = new_secret() if args.auth_method == "client_secret_basic" else None
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await store.insert_client(connection, values, hash_secret(secret) if secret else None)
        except asyncpg.UniqueViolationError:
            raise fail(f"client {values['client_id']!r} already exists") from None
        except asyncpg.CheckViolationError as error:
            raise fail(f"invalid client: {error.constraint_name}") from None
    print(f"client_id: {values['client_id']}")
    if secret:
        print(f"client_secret: {secret}")
        print("(the secret is shown once: store it now)")
    return 0


async def run_list(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        rows = await store.list_clients(connection)
    for row in rows:
        state = "disabled" if row["disabled_at"] else "active"
        print(
            f"{row['client_id']}\t{row['organisation']}\t{row['name']}\t{row['auth_method']}\t"
            f"{' '.join(row['scopes'])}\t{state}"
        )
    return 0


async def run_rotate_secret(settings: Settings, args: argparse.Namespace) -> int:
    secret = new_secret()
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await store.add_secret(connection, args.client_id, hash_secret(secret))
        except store.NotFound as error:
            raise fail(str(error)) from None
    print(f"client_secret: {secret}")
    print("(shown once; the previous secret works until the next rotation)")
    return 0


async def run_add_key(settings: Settings, args: argparse.Namespace) -> int:
    keys = read_public_keys(args.jwk_file)
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            for key in keys:
                await store.add_client_key(connection, args.client_id, key)
        except store.NotFound as error:
            raise fail(str(error)) from None
    print(f"added {len(keys)} key(s) to {args.client_id}")
    return 0


async def run_disable(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await store.disable_client(connection, args.client_id)
        except store.NotFound as error:
            raise fail(str(error)) from None
    print(
        f"disabled {args.client_id}: its tokens stop working within "
        f"{settings.auth_cache_refresh_seconds:g} s"
    )
    return 0
