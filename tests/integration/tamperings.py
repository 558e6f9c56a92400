"""Single tamperings of a log, each returning the finding `hub audit verify` must report.

Each runs inside the caller's transaction on a ``verification_connection`` with the
append-only trigger disabled; the caller rolls it back. Positions are chosen with the
caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import orjson

from hub.audit.row_hashes import ROW_COLUMNS, row_hash
from hub.canonical import GENESIS_HASH

_FAR = 10**12  # positions are moved out of the way through here (the primary key is immediate)


@dataclass(frozen=True)
class Log:
    size: int
    head: bytes


@dataclass(frozen=True)
class Expected:
    position: int
    kind: str
    check: str


Tampering = Callable[[asyncpg.Connection, random.Random, Log], Awaitable[Expected]]


async def _row(connection: asyncpg.Connection, position: int) -> asyncpg.Record:
    return await connection.fetchrow(
        f"SELECT {ROW_COLUMNS} FROM events WHERE position = $1", position
    )


def _strings(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, str):
        return [path] if value else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _strings(item, (*path, index))]
    return []


def _change_one_character(value: Any, rng: random.Random) -> Any:
    """``value`` with one character of one of its strings replaced."""
    paths = _strings(value)
    path = rng.choice(paths)
    holder = value
    for step in path[:-1]:
        holder = holder[step]
    text = holder[path[-1]]
    index = rng.randrange(len(text))
    replacement = rng.choice([c for c in "aZ7é€ " if c != text[index]])
    holder[path[-1]] = text[:index] + replacement + text[index + 1 :]
    return value


async def _payload_with_strings(
    connection: asyncpg.Connection, rng: random.Random, low: int, high: int
) -> tuple[int, Any]:
    while True:
        position = rng.randint(low, high)
        payload = orjson.loads((await _row(connection, position))["payload"])
        if _strings(payload):
            return position, payload


async def _shift_up(connection: asyncpg.Connection, first: int) -> None:
    await connection.execute(
        "UPDATE events SET position = position + $2 WHERE position >= $1", first, _FAR
    )
    await connection.execute(
        "UPDATE events SET position = position - $1 + 1 WHERE position >= $1", _FAR
    )


async def _shift_down(connection: asyncpg.Connection, first: int) -> None:
    await connection.execute(
        "UPDATE events SET position = position + $2 WHERE position >= $1", first, _FAR
    )
    await connection.execute(
        "UPDATE events SET position = position - $1 - 1 WHERE position >= $1", _FAR
    )


async def _rechain(connection: asyncpg.Connection, first: int) -> None:
    """Recompute every hash from ``first`` on, as a forger who knows the algorithm would."""
    rows = await connection.fetch(
        f"SELECT {ROW_COLUMNS} FROM events WHERE position >= $1 ORDER BY position", first
    )
    prev = GENESIS_HASH
    if first > 1:
        prev = await connection.fetchval("SELECT hash FROM events WHERE position = $1", first - 1)
    positions, prevs, hashes = [], [], []
    for row in rows:
        digest = row_hash(row, prev_hash=prev)
        positions.append(row["position"])
        prevs.append(prev)
        hashes.append(digest)
        prev = digest
    await connection.execute(
        "UPDATE events SET prev_hash = u.prev, hash = u.hash"
        " FROM unnest($1::bigint[], $2::bytea[], $3::bytea[]) AS u(position, prev, hash)"
        " WHERE events.position = u.position",
        positions,
        prevs,
        hashes,
    )


async def changed_payload(connection: asyncpg.Connection, rng: random.Random, log: Log) -> Expected:
    position, payload = await _payload_with_strings(connection, rng, 1, log.size)
    await connection.execute(
        "UPDATE events SET payload = $2::jsonb WHERE position = $1",
        position,
        orjson.dumps(_change_one_character(payload, rng)).decode(),
    )
    return Expected(position, "changed", "hash")


async def changed_metadata(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size)
    await connection.execute(
        "UPDATE events SET metadata = metadata || jsonb_build_object($2::text, $3::text)"
        " WHERE position = $1",
        position,
        rng.choice(["actor", "organisation", "client_id"]),
        f"forged:{rng.randrange(10**6)}",
    )
    return Expected(position, "changed", "hash")


async def changed_recorded_at(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size)
    shift = rng.choice([timedelta(microseconds=1), timedelta(seconds=-1), timedelta(days=3)])
    await connection.execute(
        "UPDATE events SET recorded_at = recorded_at + $2 WHERE position = $1", position, shift
    )
    return Expected(position, "changed", "hash")


async def changed_stream_version(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size)
    await connection.execute(
        "UPDATE events SET stream_version = stream_version + 1000 WHERE position = $1", position
    )
    return Expected(position, "changed", "hash")


async def deleted(connection: asyncpg.Connection, rng: random.Random, log: Log) -> Expected:
    position = rng.randint(1, log.size)
    await connection.execute("DELETE FROM events WHERE position = $1", position)
    if position == log.size:  # nothing after it shows the gap: only the kept head does
        return Expected(position, "truncated", "expected_head")
    return Expected(position, "deleted", "position")


async def deleted_and_renumbered(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size - 1)
    await connection.execute("DELETE FROM events WHERE position = $1", position)
    await _shift_down(connection, position + 1)
    return Expected(position, "deleted", "prev_link")


async def swapped(connection: asyncpg.Connection, rng: random.Random, log: Log) -> Expected:
    first = rng.randint(1, log.size - 1)
    second = rng.choice([first + 1, rng.randint(first + 1, min(log.size, first + 50))])
    await connection.execute("UPDATE events SET position = $2 WHERE position = $1", first, _FAR)
    await connection.execute("UPDATE events SET position = $2 WHERE position = $1", second, first)
    await connection.execute("UPDATE events SET position = $2 WHERE position = $1", _FAR, second)
    return Expected(first, "reordered", "prev_link")


async def forged_replacement(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position, payload = await _payload_with_strings(connection, rng, 1, log.size - 1)
    await connection.execute(
        "UPDATE events SET payload = $2::jsonb WHERE position = $1",
        position,
        orjson.dumps(_change_one_character(payload, rng)).decode(),
    )
    row = await _row(connection, position)
    await connection.execute(
        "UPDATE events SET hash = $2 WHERE position = $1", position, row_hash(row)
    )
    return Expected(position, "forged", "prev_link")


async def _insert_forged(
    connection: asyncpg.Connection,
    position: int,
    stream: tuple[str, str, str, int],
) -> None:
    """A forged event at ``position``, later events moved up and every hash after recomputed."""
    stream_id, stream_type, event_type, version = stream
    time_source = await _row(connection, position)
    await _shift_up(connection, position)
    await connection.execute(
        "INSERT INTO events VALUES ($1, $2, $3, $4, $5, 1, $6::jsonb, $7::jsonb, $8, $9, $9)",
        position,
        stream_id,
        stream_type,
        version,
        event_type,
        orjson.dumps({"amount": {"amount": "9999.00", "currency": "EUR"}}).decode(),
        orjson.dumps({"actor": "user:forger"}).decode(),
        time_source["recorded_at"],
        GENESIS_HASH,
    )
    await _rechain(connection, position)


async def forged_insertion_in_a_stream(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    """A forged event in a stream with events after it, numbered past the stream's last one."""
    while True:
        position = rng.randint(2, log.size)
        stream = await connection.fetchrow(
            "SELECT stream_id, stream_type, max(event_type), max(stream_version) + 1"
            " FROM events GROUP BY stream_id, stream_type"
            " HAVING min(position) < $1 AND max(position) >= $1 ORDER BY stream_id LIMIT 1",
            position,
        )
        if stream is not None:
            break
    await _insert_forged(connection, position, tuple(stream))
    return Expected(position, "stream_version_gap", "stream_version")


async def forged_insertion_of_a_stream(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    """A forged new stream: versions and times stay consistent; only the kept head differs."""
    position = rng.randint(1, log.size)
    stream = (str(uuid.UUID(int=rng.getrandbits(128))), "Project", "Project.Registered", 1)
    await _insert_forged(connection, position, stream)
    return Expected(log.size, "rewritten", "expected_head")


async def stream_version_rechained(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size)
    await connection.execute(
        "UPDATE events SET stream_version = stream_version + 1000 WHERE position = $1", position
    )
    await _rechain(connection, position)
    return Expected(position, "stream_version_gap", "stream_version")


async def recorded_at_rechained(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(2, log.size)
    await connection.execute(
        "UPDATE events SET recorded_at = (SELECT recorded_at - interval '1 second' FROM events"
        " WHERE position = $1 - 1) WHERE position = $1",
        position,
    )
    await _rechain(connection, position)
    return Expected(position, "time_reversed", "time_order")


async def metadata_rechained(
    connection: asyncpg.Connection, rng: random.Random, log: Log
) -> Expected:
    position = rng.randint(1, log.size)
    await connection.execute(
        'UPDATE events SET metadata = metadata || \'{"actor": "user:forger"}\' WHERE position = $1',
        position,
    )
    await _rechain(connection, position)
    return Expected(log.size, "rewritten", "expected_head")


TAMPERINGS: dict[str, Tampering] = {
    "payload: one character of a string changed": changed_payload,
    "metadata: a field changed": changed_metadata,
    "recorded_at changed": changed_recorded_at,
    "stream_version changed": changed_stream_version,
    "row deleted": deleted,
    "row deleted, later positions renumbered": deleted_and_renumbered,
    "two rows swapped": swapped,
    "row replaced by a forged one with its own hash recomputed": forged_replacement,
    "forged row inserted in a stream, every hash after it recomputed": (
        forged_insertion_in_a_stream
    ),
    "forged new stream inserted, every hash after it recomputed": forged_insertion_of_a_stream,
    "stream_version changed, every hash after it recomputed": stream_version_rechained,
    "recorded_at set back, every hash after it recomputed": recorded_at_rechained,
    "metadata changed, every hash after it recomputed": metadata_rechained,
}
REWRITES = {
    name for name in TAMPERINGS if "every hash after it recomputed" in name or "renumbered" in name
}
