"""`hub events tail`: print the log as JSON lines."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import orjson

from hub.eventstore import EventStore, RecordedEvent
from hub.lifecycle import opened
from hub.settings import Settings

_PAGE = 1000


def register(commands: Any) -> None:
    parser = commands.add_parser("events", help="read the event log")
    sub = parser.add_subparsers(dest="events_command", required=True, metavar="ACTION")
    tail = sub.add_parser("tail", help="print events as JSON lines")
    tail.add_argument("--after", type=int, default=0, help="start after this position")
    tail.add_argument("--limit", type=int, default=None, help="stop after this many events")
    tail.add_argument("--follow", action="store_true", help="keep printing new events")
    tail.set_defaults(run=run_tail)


def as_json_line(event: RecordedEvent) -> bytes:
    document = {
        "position": event.position,
        "stream_id": event.stream_id,
        "stream_type": event.stream_type,
        "stream_version": event.stream_version,
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "payload": event.payload,
        "metadata": event.metadata,
        "recorded_at": event.recorded_at.isoformat(),
        "prev_hash": event.prev_hash.hex(),
        "hash": event.hash.hex(),
    }
    return orjson.dumps(document) + b"\n"


async def run_tail(settings: Settings, args: argparse.Namespace) -> int:
    if args.after < 0:
        raise SystemExit("hub: error: --after must be ≥ 0")
    async with opened(settings) as database:
        store = EventStore(database.pool, stream_types=())
        last, printed, out = args.after, 0, sys.stdout.buffer
        while args.limit is None or printed < args.limit:
            page = _PAGE if args.limit is None else min(_PAGE, args.limit - printed)
            batch = await store.read_all(after_position=last, limit=page)
            for event in batch:
                out.write(as_json_line(event))
            out.flush()
            printed += len(batch)
            last = batch[-1].position if batch else last
            if not batch:
                if not args.follow:
                    break
                await asyncio.sleep(0.5)
    return 0
