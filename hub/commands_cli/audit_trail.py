"""`hub audit trail ENTITY`: every event that touched an entity, read from the log.

Exit status: 0 printed (even an empty trail), 2 the name answers to no entity or to several.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from hub.audit.trail import Entity, TrailEntry, UnknownEntity, resolve, trail
from hub.lifecycle import opened
from hub.settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "trail", help="every event that touched an entity (stream id, organisation, project)"
    )
    parser.add_argument("entity", help="a stream id, an organisation's name or a project's acronym")
    parser.add_argument("--json", action="store_true", help="print the trail as one JSON object")
    parser.set_defaults(run=run_trail)


def _line(entry: TrailEntry) -> str:
    who = " ".join(
        f"{label}={value}"
        for label, value in (
            ("actor", entry.actor),
            ("org", entry.organisation),
            ("client", entry.client_id),
        )
        if value
    )
    return (
        f"{entry.position:>8}  {entry.recorded_at:%Y-%m-%dT%H:%M:%S%z}  {entry.event_type}"
        f"  {who}  {entry.summary}"
    )


def _heading(entity: Entity, count: int) -> str:
    label = f" ({entity.label})" if entity.label else ""
    return f"{entity.stream_type} {entity.stream_id}{label}: {count} events"


async def run_trail(settings: Settings, args: argparse.Namespace) -> int:
    async with opened(settings) as database, database.pool.acquire() as connection:
        try:
            entity = await resolve(connection, args.entity)
        except UnknownEntity as error:
            print(f"hub: error: {error}", file=sys.stderr)
            return 2
        entries = await trail(connection, entity)
    if args.json:
        document = {
            "entity": entity.__dict__,
            "events": [entry.as_json() for entry in entries],
        }
        print(orjson.dumps(document).decode())
        return 0
    print(_heading(entity, len(entries)))
    for entry in entries:
        print(_line(entry))
    return 0
