"""Verify the whole log or a range, in one consistent snapshot, and say what is wrong."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from hub.audit.chain_walk import MICROS_1970_TO_2000, PAGE_SIZE, ExpectedHead, WalkState, walk
from hub.audit.diagnosis import Finding, diagnose, truncated
from hub.canonical import GENESIS_HASH

READERS = 2


class InvalidRange(ValueError):
    """The range or the kept head asked for cannot be verified as given."""


@dataclass(frozen=True)
class VerificationReport:
    after: int
    checked: int
    last_position: int  # the last position that verified
    last_hash: bytes
    seconds: float
    finding: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "after": self.after,
            "checked": self.checked,
            "last_good": {"position": self.last_position, "hash": self.last_hash.hex()},
            "problem": None if self.finding is None else self.finding.as_json(),
            "seconds": round(self.seconds, 3),
        }


async def verification_connection(dsn: str) -> asyncpg.Connection:
    """A connection of its own, reading times as µs and JSON as the server's text."""
    connection = await asyncpg.connect(dsn)
    await connection.set_type_codec(
        "timestamptz",
        schema="pg_catalog",
        format="tuple",
        encoder=lambda micros: (micros,),
        decoder=lambda value: value[0],
    )
    return connection


def _check_range(after: int, until: int | None, expected_head: ExpectedHead | None) -> None:
    if after < 0 or (until is not None and until <= after):
        raise InvalidRange("the range must satisfy 0 <= --after < --until")
    if expected_head is not None and not (
        after < expected_head.position and (until is None or expected_head.position <= until)
    ):
        raise InvalidRange("the kept head's position must lie inside the verified range")


async def verify_log(
    dsn: str,
    *,
    after: int = 0,
    until: int | None = None,
    expected_head: ExpectedHead | None = None,
    page_size: int | None = None,
    readers: int = READERS,
) -> VerificationReport:
    """Walk positions ``after`` < p ≤ ``until`` (the head if None) and report the first break.

    ``readers`` server processes read the pages in turn (the database's side of the work
    then runs on more than one core while this process checks).
    """
    _check_range(after, until, expected_head)
    connection = await verification_connection(dsn)
    helpers: list[asyncpg.Connection] = []
    try:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            for _ in range(readers - 1):
                helpers.append(await _reader(dsn, snapshot))
            return await verify_in_transaction(
                connection,
                after=after,
                until=until,
                expected_head=expected_head,
                page_size=page_size,
                readers=helpers,
            )
    finally:
        for helper in helpers:
            await helper.close()
        await connection.close()


async def _reader(dsn: str, snapshot: str) -> asyncpg.Connection:
    """A connection that sees exactly the snapshot the verification started in."""
    reader = await verification_connection(dsn)
    await reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    await reader.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    return reader


async def verify_in_transaction(
    connection: asyncpg.Connection,
    *,
    after: int = 0,
    until: int | None = None,
    expected_head: ExpectedHead | None = None,
    page_size: int | None = None,
    readers: Sequence[asyncpg.Connection] = (),
) -> VerificationReport:
    """The same on a ``verification_connection`` whose transaction the caller holds open
    (and on ``readers`` in the same snapshot)."""
    _check_range(after, until, expected_head)
    started = time.perf_counter()
    state = WalkState(position=after, hash=GENESIS_HASH, expected_head=expected_head)

    def report(finding: Finding | None) -> VerificationReport:
        seconds = time.perf_counter() - started
        return VerificationReport(
            after, state.checked, state.position, state.hash, seconds, finding
        )

    if after > 0:
        start = await connection.fetchrow(
            "SELECT hash, recorded_at FROM events WHERE position = $1", after
        )
        if start is None:
            return report(Finding(after, "deleted", "position", f"position {after} is missing"))
        state.hash = start["hash"]
        state.micros = start["recorded_at"] + MICROS_1970_TO_2000
    found = await walk(connection, state, until, page_size or PAGE_SIZE, readers)
    if found is not None:
        return report(await diagnose(connection, found))
    if expected_head is not None and state.position < expected_head.position:
        return report(truncated(expected_head, state.position))
    return report(None)
