"""`hub webhooks list|add|remove|deliveries|redeliver`: partner systems' webhook endpoints."""

from __future__ import annotations

import argparse
from typing import Any

from domain.catalogue import EVENT_TYPES
from hub.commands_cli.failure import fail, parse_id
from hub.integrations import webhook_store
from hub.integrations.secret_box import SecretBox, SecretKeyMissing
from hub.integrations.webhook_audience import audience_of
from hub.integrations.webhook_signing import format_secret
from hub.integrations.webhook_urls import UnsafeUrl, resolve
from hub.lifecycle import opened
from hub.settings import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser("webhooks", help="manage partner systems' webhook endpoints")
    sub = parser.add_subparsers(dest="webhooks_command", required=True, metavar="ACTION")
    sub.add_parser("list", help="list endpoints").set_defaults(run=run_list)
    add = sub.add_parser("add", help="register an endpoint; prints its secret once")
    add.add_argument("url")
    add.add_argument("--client", required=True, help="the OAuth client that owns it")
    add.add_argument("--event-types", default="", help="space-separated (default: all)")
    add.add_argument("--projects", default="", help="comma-separated project ids (default: all)")
    add.add_argument("--description", default="")
    add.set_defaults(run=run_add)
    remove = sub.add_parser("remove", help="delete an endpoint and its delivery log")
    remove.add_argument("endpoint_id")
    remove.set_defaults(run=run_remove)
    deliveries = sub.add_parser("deliveries", help="the delivery log, newest first")
    deliveries.add_argument("--endpoint")
    deliveries.add_argument("--state", choices=("pending", "delivered"))
    deliveries.add_argument("--limit", type=int, default=50)
    deliveries.set_defaults(run=run_deliveries)
    redeliver = sub.add_parser("redeliver", help="send a delivery again (same webhook-id)")
    redeliver.add_argument("delivery_id")
    redeliver.set_defaults(run=run_redeliver)


async def run_list(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        rows = await webhook_store.endpoints(connection, None, None, 10_000)
    for row in rows:
        state = "enabled" if row["enabled"] else f"disabled: {row['disabled_reason']}"
        types = " ".join(row["event_types"]) or "*"
        print(f"{row['endpoint_id']}\t{row['client_id']}\t{row['url']}\t{types}\t{state}")
    return 0


async def run_add(settings: Settings, args: argparse.Namespace) -> int:
    try:
        box = SecretBox.from_settings(settings)
        url = (await resolve(args.url, development=settings.environment == "development")).url
    except (SecretKeyMissing, UnsafeUrl) as error:
        raise fail(str(error)) from None
    event_types = args.event_types.split()
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise fail(f"unknown event type {unknown[0]!r}")
    projects = [parse_id(p.strip(), "project") for p in args.projects.split(",") if p.strip()]
    async with opened(settings) as database, database.pool.acquire() as connection:
        audience = await audience_of(connection, args.client)
        if audience is None or audience.disabled:
            raise fail(f"no active OAuth client {args.client!r}")
        hidden = audience.hidden_stream_types()
        refused = [t for t in event_types if t.partition(".")[0] in hidden]
        if refused:
            raise fail(f"client {args.client} may not receive {refused[0]} events")
        row, secret = await webhook_store.register(
            connection, box, client_id=args.client, url=url, description=args.description,
            event_types=event_types, project_ids=projects,
        )  # fmt: skip
    print(f"endpoint_id: {row['endpoint_id']}")
    print(f"secret: {format_secret(secret)}")
    print("(the secret is shown once: store it now)")
    return 0


async def run_remove(settings: Settings, args: argparse.Namespace) -> int:
    endpoint_id = parse_id(args.endpoint_id, "endpoint")
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await webhook_store.delete(connection, endpoint_id, None)
        except webhook_store.EndpointNotFound as error:
            raise fail(str(error)) from None
    print(f"removed {endpoint_id}")
    return 0


async def run_deliveries(settings: Settings, args: argparse.Namespace) -> int:
    endpoint = None if args.endpoint is None else parse_id(args.endpoint, "endpoint")
    async with opened(settings) as database, database.pool.acquire() as connection:
        rows = await webhook_store.deliveries(
            connection, None, endpoint_id=endpoint, state=args.state, before=None,
            limit=args.limit,
        )  # fmt: skip
    for row in rows:
        last = row["last_error"] or (row["last_status"] or "")
        print(
            f"{row['delivery_id']}\t{row['endpoint_id']}\t{row['position']}\t"
            f"{row['event_type']}\t{row['state']}\t{row['attempts']}\t{last}"
        )
    return 0


async def run_redeliver(settings: Settings, args: argparse.Namespace) -> int:
    delivery_id = parse_id(args.delivery_id, "delivery")
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            await webhook_store.redeliver(connection, delivery_id, None)
        except webhook_store.EndpointNotFound as error:
            raise fail(str(error)) from None
    print(f"queued {delivery_id} again")
    return 0
