"""Verify the whole log or a range, in one consistent snapshot, and say what is wrong."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import asyncpg

from hub.audit.chain_walk import PAGE_SIZE, ExpectedHead, WalkState, walk
from hub.audit.connections import connection_in_snapshot, verification_connection
from hub.audit.diagnosis import Finding, diagnose, truncated
from hub.audit.hash_workers import HashWorkers, hash_workers
from hub.audit.row_hashes import MICROS_1970_TO_2000
from hub.canonical import GENESIS_HASH

READERS = 2
# Processes recomputing hashes beside the walk; each also keeps a server process busy.
WORKERS = min(os.cpu_count() or 1, 4)


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
    workers: int = WORKERS,
) -> VerificationReport:
    """Walk positions ``after`` < p ≤ ``until`` (the head if None) and report the first break.

    ``readers`` server processes read the pages of the chain's columns in turn, and, when
    the range spans more than one page, ``workers`` processes recompute the hashes (the
    database's side and the hashing then run on more than one core while this process
    checks the chain).
    """
    _check_range(after, until, expected_head)
    page_size = page_size or PAGE_SIZE
    connection = await verification_connection(dsn)
    helpers: list[asyncpg.Connection] = []
    try:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            spread = workers > 0 and await _spans_pages(connection, after, until, page_size)
            async with hash_workers(dsn, snapshot, workers) if spread else nullcontext() as pool:
                for _ in range(readers - 1):
                    helpers.append(await connection_in_snapshot(dsn, snapshot))
                return await verify_in_transaction(
                    connection,
                    after=after,
                    until=until,
                    expected_head=expected_head,
                    page_size=page_size,
                    readers=helpers,
                    workers=pool,
                )
    finally:
        for helper in helpers:
            await helper.close()
        await connection.close()


async def _spans_pages(
    connection: asyncpg.Connection, after: int, until: int | None, page_size: int
) -> bool:
    """Whether the range holds more than one page (a single one is checked fastest here)."""
    last: int = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
    return (last if until is None else min(last, until)) - after > page_size


async def verify_in_transaction(
    connection: asyncpg.Connection,
    *,
    after: int = 0,
    until: int | None = None,
    expected_head: ExpectedHead | None = None,
    page_size: int | None = None,
    readers: Sequence[asyncpg.Connection] = (),
    workers: HashWorkers | None = None,
) -> VerificationReport:
    """The same on a ``verification_connection`` whose transaction the caller holds open
    (and on ``readers`` and ``workers`` in the same snapshot)."""
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
    found = await walk(connection, state, until, page_size or PAGE_SIZE, readers, workers)
    if found is not None:
        return report(await diagnose(connection, found))
    if expected_head is not None and state.position < expected_head.position:
        return report(truncated(expected_head, state.position))
    return report(None)
