"""Event-store append throughput beside pgbench's raw INSERT rates, in one run.

    .venv/bin/python -m bench.appends [--seconds 10] [--rounds 3]

Uses the PostgreSQL at HUB_BENCH_ADMIN_URL (default 127.0.0.1:5432) and a throwaway
database; writes its table to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import orjson
import uvloop

from bench.common import (
    create_bench_database,
    drop_bench_database,
    machine_line,
    pgbench_tps,
    write_section,
)
from hub.database import open_database
from hub.eventstore import EventStore, Metadata, NewEvent
from hub.settings import load_settings

PAYLOAD = {
    "line_id": "7c0e4f2e-9a57-4c39-a1f0-0d1b3c5e2f11",
    "partner_id": "1f6b9d4e-5c1a-4f7e-9a2b-3c4d5e6f7a8b",
    "cost_category": "travel_and_accommodation",
    "supplier": "SNCF Voyageurs",
    "invoice_number": "F-2021-004512",
    "invoice_date": "2021-06-14",
    "payment_date": "2021-06-30",
    "amount": {"amount": "412.80", "currency": "EUR"},
    "vat": {"amount": "68.80", "recoverable": False},
    "evidence": "sha256:1d2c3b4a",
}
METADATA = Metadata(actor="user:bench", organisation="org:occitanie-en-scene")

PGBENCH_TABLES = (
    "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload jsonb NOT NULL);"
    "CREATE TABLE events_shaped (LIKE events INCLUDING ALL);"
    "CREATE SEQUENCE events_shaped_position"
)
SINGLE_ROW = f"INSERT INTO bench_rows (payload) VALUES ('{orjson.dumps(PAYLOAD).decode()}');\n"
EVENTS_SHAPED_ROW = (
    "INSERT INTO events_shaped VALUES (nextval('events_shaped_position'), "
    "gen_random_uuid()::text, 'PartnerReport', 1, 'PartnerReport.ExpenditureDeclared', 1, "
    f"'{orjson.dumps(PAYLOAD).decode()}', '{{}}', now(), sha256('a'), sha256('b'));\n"
)
HUNDRED_ROWS = (
    "INSERT INTO bench_rows (payload) SELECT "
    f"'{orjson.dumps(PAYLOAD).decode()}'::jsonb FROM generate_series(1, 100);\n"
)


async def rate(seconds: float, tasks: int, work: Callable[[], Awaitable[int]]) -> float:
    """Events per second that ``tasks`` concurrent loops of ``work`` achieve in ``seconds``."""
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()

    async def loop() -> int:
        done = 0
        while time.perf_counter() < deadline:
            done += await work()
        return done

    total = sum(await asyncio.gather(*(loop() for _ in range(tasks))))
    return total / (time.perf_counter() - start)


async def client_insert_rate(url: str, seconds: float) -> float:
    """asyncpg (the hub's driver) inserting pgbench's row into the copy of ``events``, one
    statement per transaction: what the client and the table cost before any chain."""
    connection = await asyncpg.connect(url)
    payload = orjson.dumps(PAYLOAD).decode()
    insert = (
        "INSERT INTO events_shaped VALUES (nextval('events_shaped_position'), $1, "
        "'PartnerReport', 1, 'PartnerReport.ExpenditureDeclared', 1, $2::jsonb, '{}', now(), "
        "sha256('a'), sha256('b'))"
    )

    async def one() -> int:
        await connection.execute(insert, str(uuid.uuid4()), payload)
        return 1

    try:
        return await rate(seconds, 1, one)
    finally:
        await connection.close()


async def measure(url: str, seconds: float) -> dict[str, float]:
    database = await open_database(load_settings(db_pool_max_size=10), dsn=url)
    store = EventStore(database.pool, {"PartnerReport"})

    def appender(events: int) -> Callable[[], Awaitable[int]]:
        batch = [NewEvent("PartnerReport.ExpenditureDeclared", PAYLOAD)] * events

        async def append() -> int:
            await store.append(str(uuid.uuid4()), "PartnerReport", 0, batch, METADATA)
            return events

        return append

    try:
        return {
            "single_1": await rate(seconds, 1, appender(1)),
            "single_8": await rate(seconds, 8, appender(1)),
            "batch_100": await rate(seconds, 1, appender(100)),
        }
    finally:
        await database.close()


async def one_round(url: str, seconds: int) -> dict[str, float]:
    """Every measure once, the anchors first: each ratio below compares one round's pair."""
    figures = {
        "pg_single_1": pgbench_tps(url, SINGLE_ROW, 1, seconds),
        "pg_shaped_1": pgbench_tps(url, EVENTS_SHAPED_ROW, 1, seconds),
        "pg_shaped_8": pgbench_tps(url, EVENTS_SHAPED_ROW, 8, seconds),
        "pg_single_8": pgbench_tps(url, SINGLE_ROW, 8, seconds),
        "pg_batch_100": pgbench_tps(url, HUNDRED_ROWS, 1, seconds) * 100,
        "client_shaped_1": await client_insert_rate(url, seconds),
    }
    figures.update({f"hub_{key}": value for key, value in (await measure(url, seconds)).items()})
    return figures


def ratio_cell(rounds: list[dict[str, float]], mine: str, anchor: str) -> str:
    ratios = sorted(r[mine] / r[anchor] for r in rounds)
    median = statistics.median(ratios)
    if len(ratios) == 1:
        return f"{median:.0%}"
    return f"{median:.0%} ({ratios[0]:.0%}–{ratios[-1]:.0%})"


async def main(seconds: int, rounds: int) -> None:
    url = await create_bench_database()
    try:
        admin = await asyncpg.connect(url)
        await admin.execute(PGBENCH_TABLES)
        await admin.close()
        measured = []
        for number in range(1, rounds + 1):
            print(f"round {number} of {rounds}", flush=True)
            measured.append(await one_round(url, seconds))
    finally:
        await drop_bench_database(url)
    median = {key: statistics.median(r[key] for r in measured) for key in measured[0]}
    rows = [
        ("single-event appends, 1 task", "single_1", "≥ 60 % of pgbench"),
        ("single-event appends, 8 concurrent tasks", "single_8", "≥ 60 % of pgbench"),
        ("100-event appends, 1 task (events/s)", "batch_100", "≥ 30,000 events/s"),
    ]
    lines = [
        "## Event store appends",
        "",
        f"`python -m bench.appends --seconds {seconds} --rounds {rounds}` — {machine_line()}. "
        "Each pgbench anchor inserts the same ~400-byte jsonb payload into a plain table (1 row "
        "or 100 rows per transaction, same client count), against the same server in the same "
        f"run. Every measure was taken in each of {rounds} rounds, anchors first: rates are "
        "medians, ratios the median of the rounds' ratios (lowest–highest in brackets).",
        "",
        "| workload | hub events/s | pgbench rows/s | hub / pgbench | target |",
        "|---|---:|---:|---:|---|",
    ]
    for label, key, target in rows:
        lines.append(
            f"| {label} | {median['hub_' + key]:,.0f} | {median['pg_' + key]:,.0f} "
            f"| {ratio_cell(measured, 'hub_' + key, 'pg_' + key)} | {target} |"
        )
    shaped = [
        ("pgbench, 1 client", "pg_shaped_1", "pg_single_1", "hub_single_1"),
        ("asyncpg (the hub's driver), 1 connection", "client_shaped_1", "pg_single_1",
         "hub_single_1"),
        ("pgbench, 8 clients", "pg_shaped_8", "pg_single_8", "hub_single_8"),
    ]  # fmt: skip
    lines += [
        "",
        "For scale, the same row inserted into a copy of `events` (its indexes and checks; no "
        "chain, no lock, no version check), one row per transaction:",
        "",
        "| inserting into the copy of `events` | rows/s | of pgbench's plain-table rate "
        "| hub single-event appends / this |",
        "|---|---:|---:|---:|",
    ]
    for label, key, plain, mine in shaped:
        lines.append(
            f"| {label} | {median[key]:,.0f} | {ratio_cell(measured, key, plain)} "
            f"| {ratio_cell(measured, mine, key)} |"
        )
    section = "\n".join(lines)
    print(section)
    write_section("appends", section)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    uvloop.run(main(arguments.seconds, arguments.rounds))
