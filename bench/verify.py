"""`hub audit verify` on a large log: events/s and peak memory, beside bare reads of the rows.

    .venv/bin/python -m bench.verify [--events 1000000] [--streams 100000]

Builds the log with a bulk path that computes the chain exactly as the store does
(hub/canonical.py) and COPYs the rows in, so the log verifies; then runs the real command
line in a child process (its memory is the sum of the peak RSS the kernel kept for it and
for each of its hash workers), and, as anchors in the same run, streams the same rows with a
bare cursor and runs the earlier reference verifier (hub/chain.py). Uses
HUB_BENCH_ADMIN_URL and a throwaway database; writes its section to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson
import uvloop

from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from hub.audit.row_hashes import ROW_COLUMNS
from hub.canonical import GENESIS_HASH, canonical_json, chain_hash, content_hash_of_encoded
from hub.chain import verify_chain
from hub.database import init_connection

COLUMNS = (
    "position", "stream_id", "stream_type", "stream_version", "event_type", "schema_version",
    "payload", "metadata", "recorded_at", "prev_hash", "hash",
)  # fmt: skip
EVENT_TYPES = (
    "PartnerReport.ExpenditureDeclared",
    "PartnerReport.ExpenditureCorrected",
    "PartnerReport.ControlRecorded",
)
SUPPLIERS = ("SNCF Voyageurs", "Teatro de la Zarzuela", "Théâtre de l'Archipel", "Québec «Ô»")
CHUNK = 20_000
RUNS = 3
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def generated_rows(events: int, streams: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Rows of a valid chain: streams interleaved at random, 10 events per store batch."""
    rng = random.Random(seed)
    stream_ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(streams)]
    versions = [0] * streams
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    prev = GENESIS_HASH
    for position in range(1, events + 1):
        if position % 10 == 1:
            moment += timedelta(microseconds=rng.randrange(1, 5_000))
        if position % 3 == 1:  # one command's events share their metadata
            metadata = {
                "actor": "user:bench",
                "organisation": "org:oes",
                "client_id": "bench",
                "correlation_id": str(uuid.UUID(int=rng.getrandbits(128))),
            }
            encoded_metadata = canonical_json(metadata)
        k = rng.randrange(streams)
        versions[k] += 1
        event_type = EVENT_TYPES[versions[k] % 3]
        payload = {
            "line_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "cost_category": "travel_and_accommodation",
            "supplier": SUPPLIERS[position % 4],
            "invoice_number": f"F-2024-{position:07d}",
            "invoice_date": "2024-06-14",
            "amount": {"amount": f"{rng.randrange(1, 10**6) / 100:.2f}", "currency": "EUR"},
            "note": 'ligne\tavec "guillemets" et \\ barre',
        }
        encoded = canonical_json(payload)
        content = content_hash_of_encoded(
            stream_ids[k], "PartnerReport", event_type, 1, encoded, encoded_metadata
        )
        digest = chain_hash(prev, position, moment, versions[k], content)
        yield (
            position, stream_ids[k], "PartnerReport", versions[k], event_type, 1,
            encoded.decode(), encoded_metadata.decode(), moment, prev, digest,
        )  # fmt: skip
        prev = digest


async def load(url: str, events: int, streams: int) -> bytes:
    connection = await asyncpg.connect(url)
    try:
        rows = generated_rows(events, streams, seed=2026)
        loaded = 0
        while loaded < events:
            chunk = [row for _, row in zip(range(CHUNK), rows, strict=False)]
            await connection.copy_records_to_table("events", records=chunk, columns=COLUMNS)
            loaded += len(chunk)
            print(f"  {loaded:,} events loaded", end="\r", flush=True)
        print()
        await connection.execute("VACUUM ANALYZE events")
        head: bytes = await connection.fetchval("SELECT hash FROM events ORDER BY position DESC")
        return head
    finally:
        await connection.close()


class ProcessTree:
    """Readings of a process and its descendants from /proc: each one's peak RSS (VmHWM)
    and CPU time, kept from the last reading before it ended."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb: dict[int, int] = {}
        self.cpu_seconds: dict[int, float] = {}

    def read(self, pid: int | None = None) -> None:
        pid = self.pid if pid is None else pid
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            self.cpu_seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self.peak_kb[pid] = int(line.split()[1])
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    for child in children.read().split():
                        self.read(int(child))
        except (FileNotFoundError, ProcessLookupError):
            pass  # it ended meanwhile: its last reading stands


def run_cli(url: str) -> dict[str, Any]:
    """`hub audit verify --json` in a child process: its report, wall time, CPU and memory.

    Memory is the sum, over the process and its hash workers, of each one's peak RSS (an
    upper bound of what they held at once), read from /proc every 20 ms.
    """
    environment = {**os.environ, "HUB_DATABASE_URL": url}
    command = [sys.executable, "-m", "hub.cli", "audit", "verify", "--json"]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE)
    assert child.stdout is not None
    tree = ProcessTree(child.pid)
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(0.02):
            tree.read()

    watcher = threading.Thread(target=watch)
    watcher.start()
    output = child.stdout.read()
    finished.set()
    watcher.join()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"hub audit verify failed: {output.decode()}")
    report = orjson.loads(output)
    cpu = usage.ru_utime + usage.ru_stime  # the workers' included: the child waited for them
    workers_cpu = sum(seconds for pid, seconds in tree.cpu_seconds.items() if pid != child.pid)
    return {
        "report": report,
        "wall": wall,
        "cpu": cpu,
        "workers_cpu": workers_cpu,
        "workers": len(tree.peak_kb) - 1,
        "peak_mb": sum(tree.peak_kb.values()) / 1024,
    }


async def bare_read_rate(url: str) -> float:
    """Rows/s of streaming every column of every row (as the hash workers read them) with
    one cursor, doing nothing."""
    connection = await asyncpg.connect(url)
    try:
        started, count = time.perf_counter(), 0
        async with connection.transaction(readonly=True):
            cursor = await connection.cursor(f"SELECT {ROW_COLUMNS} FROM events ORDER BY position")
            while rows := await cursor.fetch(10_000):
                count += len(rows)
        return count / (time.perf_counter() - started)
    finally:
        await connection.close()


async def reference_rate(url: str, events: int) -> float:
    connection = await asyncpg.connect(url)
    await init_connection(connection)
    try:
        started = time.perf_counter()
        report = await verify_chain(connection, until=events)
        assert report.ok, report.problem
        return report.checked / (time.perf_counter() - started)
    finally:
        await connection.close()


async def main(events: int, streams: int, reference_events: int) -> None:
    url = await create_bench_database()
    try:
        started = time.perf_counter()
        head = await load(url, events, streams)
        load_seconds = time.perf_counter() - started
        bare = await bare_read_rate(url)
        load_average = os.getloadavg()[0]
        runs = [run_cli(url) for _ in range(RUNS)]
        reference = await reference_rate(url, reference_events)
    finally:
        await drop_bench_database(url)
    for run in runs:
        assert run["report"]["ok"] and run["report"]["checked"] == events, run["report"]
        assert run["report"]["last_good"]["hash"] == head.hex()
    cli = sorted(runs, key=lambda run: run["wall"])[RUNS // 2]  # the median run
    walk_rate = events / cli["report"]["seconds"]
    cli_rate = events / cli["wall"]
    rates = ", ".join(f"{events / run['wall']:,.0f}" for run in runs)
    peak = max(run["peak_mb"] for run in runs)
    lines = [
        "## Chain verification",
        "",
        f"`python -m bench.verify --events {events} --streams {streams}` — {machine_line()}. "
        f"A valid chain of {events:,} events over {streams:,} interleaved streams (~500-byte "
        f"payloads, non-ASCII and escaped characters), bulk-loaded in {load_seconds:.0f} s; "
        f"`hub audit verify --json` run {RUNS} times as a child process (all checks: "
        f"positions, links, hashes, stream versions, time order): {rates} events/s; the "
        "median run is shown, with the highest peak RSS of all runs (the sum of the peaks of "
        "the process and its hash workers).",
        "",
        "| what | events/s | peak RSS | target |",
        "|---|---:|---:|---|",
        f"| `hub audit verify`, whole process (start-up included, {cli['wall']:.1f} s) "
        f"| {cli_rate:,.0f} | {peak:.0f} MB | ≥ 100,000 events/s, < 200 MB |",
        f"| the walk alone, as the report times it | {walk_rate:,.0f} | | |",
        "| anchor: every column of every row, as the hash workers read them, streamed by one "
        f"bare cursor, no checks | {bare:,.0f} | | |",
        f"| anchor: the reference verifier `hub.chain.verify_chain` (decoded rows, one "
        f"connection, no overlap), first {reference_events:,} events | {reference:,.0f} | | |",
        "",
        f"The median run used {cli['cpu']:.1f} s of CPU for {cli['wall']:.1f} s of wall time "
        f"({cli['cpu'] / events * 1e6:.1f} µs per event, {cli['cpu'] / cli['wall']:.1f} cores "
        f"on average), about {cli['workers_cpu']:.1f} s of it in its {cli['workers']} hash "
        "workers, which read the full rows in the walk's snapshot and recompute the hashes "
        "(JSON parsed and re-encoded canonically, two SHA-256 per event); the walk's own "
        "process reads only the chain's columns, two server processes in turn, and checks "
        "positions, links, stream versions, times and the kept head. The server processes' "
        "CPU (turning jsonb into text, mostly) comes on top, on the same two cores. One-minute "
        f"load average of the shared machine just before the runs: {load_average:.1f}.",
    ]
    section = "\n".join(lines)
    print(section)
    write_section("verify", section)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--streams", type=int, default=100_000)
    parser.add_argument("--reference-events", type=int, default=200_000)
    arguments = parser.parse_args()
    uvloop.run(main(arguments.events, arguments.streams, arguments.reference_events))
