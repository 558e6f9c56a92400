"""Projection throughput and lag: a full rebuild of every read model over a large log made
through the domain, beside eventsourcing's own ProjectionRunner, and the lag from append
to read-model visibility under a steady load.

    .venv/bin/python -m bench.projections [--events 1000000] [--es-events 50000]
        [--lag-seconds 30] [--rate 200]

Uses the PostgreSQL at HUB_BENCH_ADMIN_URL and a throwaway database; writes its section
to docs/benchmarks.md. Needs psycopg 3 for the eventsourcing yardstick.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

import asyncpg
import uvloop
from eventsourcing.domain import Aggregate

from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from bench.eventsourcing_projection import projection_rate
from bench.projection_events import (
    CATEGORIES,
    OFFICE_15,
    PARTNERS,
    PERIODS,
    Unit,
    append_units,
    eur,
    stored,
)
from domain.catalogue import STREAM_TYPES
from domain.expenditure import PartnerReport
from hub.database import open_database
from hub.eventstore import EventStore, Metadata, NewEvent
from hub.keyring import KeySet
from hub.settings import load_settings
from projections import ProjectionRunner
from projections.catalogue import ALL_PROJECTIONS
from projections.checkpoints import PROGRESS_CHANNEL

UNITS_PER_CHUNK = 20
LOAD_METADATA = Metadata(actor="user:bench", organisation="org:oes", client_id="bench-load")
NAMES = [p.name for p in ALL_PROJECTIONS]


async def load_log(store: EventStore, events: int) -> int:
    total, unit = 0, 0
    while total < events:
        total += await append_units(store, unit, UNITS_PER_CHUNK)
        unit += UNITS_PER_CHUNK
        print(f"  {total:,} events appended", end="\r", flush=True)
    print()
    return unit


async def timed_catch_up(runner: ProjectionRunner) -> float:
    started = time.perf_counter()
    await runner.run_until_caught_up()
    return time.perf_counter() - started


async def timed_rebuild(runner: ProjectionRunner) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(runner.rebuild(name) for name in NAMES))
    return time.perf_counter() - started


class Visibility:
    """Listens to the runners' progress notifications; resolves each appended position
    once every read model has applied it."""

    def __init__(self) -> None:
        self.positions = dict.fromkeys(NAMES, 0)
        self.waiting: dict[int, float] = {}
        self.lags: list[float] = []

    def appended(self, position: int, started: float) -> None:
        if min(self.positions.values()) >= position:
            self.lags.append(time.perf_counter() - started)
        else:
            self.waiting[position] = started

    def on_progress(self, _c: Any, _pid: int, _channel: str, payload: str) -> None:
        name, _, position = payload.partition(" ")
        if name not in self.positions or not position.isdigit():
            return
        self.positions[name] = max(self.positions[name], int(position))
        visible, now = min(self.positions.values()), time.perf_counter()
        for done in [p for p in self.waiting if p <= visible]:
            self.lags.append(now - self.waiting.pop(done))


async def steady_load(
    store: EventStore, dsn: str, unit: int, seconds: float, rate: int
) -> list[float]:
    """Open draft reports and declare lines on them at ``rate`` events/s, one event per
    append; return the lags (seconds) from calling append to every read model having it."""
    load = Unit(unit)
    organisations = [load.organisation(k) for k in range(PARTNERS)]
    project = load.project([o.id for o in organisations])
    keys = KeySet(load.keys)
    for aggregate in (*organisations, project):
        await store.append(*_pending(aggregate, keys), LOAD_METADATA)
    drafts = [
        PartnerReport.open(project.id, o.id, project.reporting_period(n), 1, (OFFICE_15,))
        for o in organisations[:5]
        for n in range(1, len(PERIODS) + 1)
    ]
    facts = {o.id: project.facts_for(o.id) for o in organisations}
    visibility = Visibility()
    listener = await asyncpg.connect(dsn)
    await listener.add_listener(PROGRESS_CHANNEL, visibility.on_progress)

    async def one(tick: int) -> None:
        report = drafts[tick % len(drafts)]
        if tick >= len(drafts):  # the first append of each draft is its Opened event
            report.declare_expenditure(facts[report.partner_id], *_line(tick, report))
        pending = _pending(report, keys)
        started = time.perf_counter()
        result = await store.append(*pending, LOAD_METADATA)
        visibility.appended(result.last_position, started)

    tasks, start = [], time.perf_counter()
    for tick in range(int(seconds * rate)):
        await asyncio.sleep(max(0.0, start + tick / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(tick)))
    await asyncio.gather(*tasks)
    for _ in range(200):  # the last appends: up to 10 s for them to become visible
        if not visibility.waiting:
            break
        await asyncio.sleep(0.05)
    await listener.close()
    return visibility.lags


def _pending(aggregate: Aggregate, keys: KeySet) -> tuple[str, str, int, list[NewEvent]]:
    """The aggregate's new events in stored form, with the version they follow."""
    stream_id, kind, events = stored(aggregate, keys)
    return stream_id, kind, aggregate.version - len(events), events


def _line(tick: int, report: PartnerReport) -> tuple[Any, ...]:
    on = report.reporting_period.period.start
    return (
        CATEGORIES[tick % 4], f"line {tick}", "Supplier", f"LOAD-{tick}", on, on,
        eur(10_000 + tick), eur(0), False, f"evidence/load/{tick}.pdf",
    )  # fmt: skip


async def measure(url: str, events: int, lag_seconds: float, rate: int) -> dict[str, Any]:
    database = await open_database(load_settings(db_pool_max_size=10), dsn=url)
    store = EventStore(database.pool, STREAM_TYPES)
    figures: dict[str, Any] = {}
    try:
        started = time.perf_counter()
        units = await load_log(store, events)
        figures["load_seconds"] = time.perf_counter() - started
        figures["events"] = await database.pool.fetchval("SELECT max(position) FROM events")
        runner = ProjectionRunner(url, database.pool, ALL_PROJECTIONS, poll_interval=1.0)
        await runner.start()
        try:
            figures["first_build"] = await timed_catch_up(runner)
            print(f"  first build: {figures['first_build']:.1f} s", flush=True)
            figures["rebuild"] = await timed_rebuild(runner)
            print(f"  rebuild: {figures['rebuild']:.1f} s", flush=True)
            figures["lags"] = await steady_load(store, url, units, lag_seconds, rate)
        finally:
            await runner.stop()
    finally:
        await database.close()
    return figures


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(args: argparse.Namespace, hub: dict[str, Any], es_events: int, es_rate: float) -> str:
    events, lags = hub["events"], [lag * 1000 for lag in hub["lags"]]
    rebuild_rate = events / hub["rebuild"]
    p99 = percentile(lags, 0.99)
    rows = [
        ("full rebuild of all read models (events/s)", f"{rebuild_rate:,.0f}", "≥ 20,000"),
        ("first build, empty tables (events/s)", f"{events / hub['first_build']:,.0f}", ""),
        (f"eventsourcing 9.5 ProjectionRunner, PostgreSQL ({es_events:,} events, events/s)",
         f"{es_rate:,.0f}", ""),
        (f"lag at {args.rate} events/s, median (ms)", f"{statistics.median(lags):.1f}", ""),
        (f"lag at {args.rate} events/s, p99 (ms)", f"{p99:.1f}", "< 100"),
        (f"lag at {args.rate} events/s, max (ms)", f"{max(lags):.1f}", ""),
    ]  # fmt: skip
    lines = [
        "## Projections",
        "",
        f"`python -m bench.projections --events {args.events} --es-events {args.es_events}"
        f" --lag-seconds {args.lag_seconds} --rate {args.rate}` — {machine_line()}.",
        f"{events:,} events made through the domain ({len(NAMES)} read models: "
        f"{', '.join(NAMES)}), loaded in {hub['load_seconds']:.0f} s. Rebuild: every "
        "projection builds a fresh generation beside the live one and switches, all at "
        "once in one runner (one process). eventsourcing's runner (psycopg 3, its "
        "PostgreSQL recorder, a per-topic count with one transaction per event) ran on "
        "the same server in the same run. Lag: from calling append to every read model "
        f"having committed the event, one event per append, {len(lags):,} appends.",
        "",
        "| measure | figure | target |",
        "|---|---:|---|",
        *(f"| {label} | {figure} | {target} |" for label, figure, target in rows),
    ]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    url = await create_bench_database()
    try:
        hub = await measure(url, args.events, args.lag_seconds, args.rate)
        es_events, es_rate = await asyncio.to_thread(projection_rate, url, args.es_events)
    finally:
        await drop_bench_database(url)
    section = report(args, hub, es_events, es_rate)
    print(section)
    write_section("projections", section)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--es-events", type=int, default=50_000)
    parser.add_argument("--lag-seconds", type=float, default=30)
    parser.add_argument("--rate", type=int, default=200)
    uvloop.run(main(parser.parse_args()))
