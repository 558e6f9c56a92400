"""What must hold after any scenario: every acknowledged write is in the log exactly once and
whole (or, acknowledged as `unchanged`, wrote nothing and names its entity's last event),
nothing else the load sent is, the chain verifies (`hub audit verify`, a real
process), and the live read models equal the log replayed from scratch."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from hub.audit.replay import drop, replay
from hub.database import init_connection
from projections.catalogue import ALL_PROJECTIONS
from tests.e2e.hub_process import run_hub
from tests.reliability.load import Ledger

_KEYS = """
SELECT metadata ->> 'idempotency_key' AS key, count(*) AS events,
       min(position) AS first, max(position) AS last
FROM events WHERE position > $1 GROUP BY 1
"""
_AT = "SELECT position, stream_id, stream_version FROM events WHERE position = ANY($1::bigint[])"
_IDEMPOTENCY = """
SELECT idempotency_key, first_position, last_position FROM event_idempotency
WHERE first_position > $1
"""


@dataclass
class LogCheck:
    acknowledged_in_log: int = 0
    acknowledged_unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def as_figures(self) -> dict[str, Any]:
        return {
            "acknowledged_in_log": self.acknowledged_in_log,
            "acknowledged_unchanged": self.acknowledged_unchanged,
            "problems": len(self.problems),
        }


async def head_position(database_url: str) -> int:
    connection = await asyncpg.connect(database_url)
    try:
        return int(await connection.fetchval("SELECT coalesce(max(position), 0) FROM events"))
    finally:
        await connection.close()


async def check_log(database_url: str, ledger: Ledger, after: int) -> LogCheck:
    """Compare the events appended after position ``after`` with the ledger."""
    connection = await asyncpg.connect(database_url)
    try:
        in_log = {row["key"]: row for row in await connection.fetch(_KEYS, after)}
        recorded = {row[0]: row for row in await connection.fetch(_IDEMPOTENCY, after)}
        acked = {w.logged_key: w for w in ledger.settled("acked")}
        unchanged = [int(w.payload["position"]) for w in acked.values() if w.payload["unchanged"]]
        at = {row["position"]: row for row in await connection.fetch(_AT, unchanged)}
    finally:
        await connection.close()
    check = LogCheck()
    for key, write in acked.items():
        row = in_log.get(key)
        if write.payload["unchanged"]:
            last = at.get(int(write.payload["position"]))
            if (
                row is not None
                or last is None
                or (str(last["stream_id"]), last["stream_version"])
                != (write.payload["id"], write.payload["version"])
            ):
                check.problems.append(f"{write.key}: acknowledged unchanged {write.payload}")
            else:
                check.acknowledged_unchanged += 1
            continue
        if row is None:
            check.problems.append(f"acknowledged {write.key} is not in the log")
            continue
        whole = row["events"] == row["last"] - row["first"] + 1
        if row["last"] != int(write.payload["position"]) or not whole:
            check.problems.append(f"{write.key}: acknowledged {write.payload}, log has {row}")
        elif key not in recorded:
            check.problems.append(f"{write.key}: no idempotency record")
        else:
            check.acknowledged_in_log += 1
    for key in set(in_log) - set(acked):
        check.problems.append(f"events nobody acknowledged: key {key}, {dict(in_log[key])}")
    return check


def verify_chain(env: Mapping[str, str]) -> dict[str, Any]:
    """`hub audit verify --json` as its own process: its exit status and report."""
    done = run_hub("audit", "verify", "--json", env=env, timeout=170)
    report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    return {"exit": done.returncode, "report": report, "stderr": done.stderr[-2000:]}


async def wait_for_projections(database_url: str, limit_seconds: float = 120) -> int:
    """Wait until every read model has applied the whole log; the head position."""
    connection = await asyncpg.connect(database_url)
    try:
        deadline = time.monotonic() + limit_seconds
        while True:
            head = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
            behind = await connection.fetchval(
                "SELECT count(*) FROM projection_checkpoints WHERE active AND position < $1",
                head,
            )
            ready = await connection.fetchval(
                "SELECT count(*) FROM projection_checkpoints WHERE active"
            )
            if behind == 0 and ready == len(ALL_PROJECTIONS):
                return int(head)
            if time.monotonic() > deadline:
                raise TimeoutError(f"read models still behind position {head}")
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


async def read_models_against_rebuild(database_url: str, position: int | None = None):
    """Rebuild every read model from the log (up to ``position``, default: the head) beside
    the live ones and compare them table by table: (tables compared, tables that differ)."""
    connection = await asyncpg.connect(database_url)
    await init_connection(connection)
    name = f"reliability_{uuid.uuid4().hex[:8]}"
    try:
        if position is None:
            position = await connection.fetchval("SELECT coalesce(max(position), 0) FROM events")
        rebuilt = await replay(connection, name, position, ALL_PROJECTIONS)
        differing = [table for table in rebuilt.tables if not await _same(connection, name, table)]
        await drop(connection, name)
        return len(rebuilt.tables), differing
    finally:
        await connection.close()


async def _same(connection: asyncpg.Connection, replayed: str, table: str) -> bool:
    digest = "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
    live = await connection.fetchval(digest.format(f'read."{table}"'))
    again = await connection.fetchval(digest.format(f'"{replayed}"."{table}"'))
    return bool(live == again)
