"""Merkle roots and proofs over a large log, beside rehashing the whole log per request.

    .venv/bin/python -m bench.audit_proofs [--events 1000000] [--proofs 200]

Bulk-loads a valid chain (bench.verify's loader), builds the stored subtrees once
(hub/audit/tree_store.py `extend`), then times inclusion and consistency proofs as the API
and CLI make them (hub/audit/proofs.py, each with its `extend` check), and as the anchor the
root computed from every leaf. Uses HUB_BENCH_ADMIN_URL and a throwaway database; writes its
section to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Awaitable, Callable

import asyncpg
import uvloop

from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from bench.verify import load
from hub.audit import merkle, tree_store
from hub.audit.proofs import prove_consistency, prove_inclusion
from hub.database import init_connection


async def naive_root(connection: asyncpg.Connection) -> tuple[bytes, float]:
    started = time.perf_counter()
    rows = await connection.fetch("SELECT hash FROM events ORDER BY position")
    root = merkle.leaf_range_hash([bytes(row["hash"]) for row in rows])
    return root, time.perf_counter() - started


async def timings(runs: int, make: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """Mean and 95th percentile, in milliseconds."""
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        await make()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.mean(spent), statistics.quantiles(spent, n=20)[-1]


async def measure(url: str, events: int, proofs: int) -> dict[str, object]:
    connection = await asyncpg.connect(url)
    await init_connection(connection)
    rng = random.Random(9162)
    try:
        started = time.perf_counter()
        await tree_store.extend(connection)
        build = time.perf_counter() - started
        nodes = await connection.fetchval("SELECT count(*) FROM audit_merkle_nodes")
        reference, naive = await naive_root(connection)
        stored = await tree_store.compute(connection, lambda s: merkle.root(events, s))
        assert stored == reference, "the stored tree disagrees with the naive root"
        inclusion = await timings(
            proofs, lambda: prove_inclusion(connection, rng.randint(1, events), events)
        )
        consistency = await timings(
            proofs,
            lambda: prove_consistency(connection, rng.randint(1, events - 1), events),
        )
        return {
            "build": build,
            "nodes": nodes,
            "naive": naive,
            "inclusion": inclusion,
            "consistency": consistency,
        }
    finally:
        await connection.close()


def report(events: int, proofs: int, load_seconds: float, figures: dict) -> str:
    inclusion, consistency = figures["inclusion"], figures["consistency"]
    return "\n".join(
        [
            "## Merkle proofs",
            "",
            f"`python -m bench.audit_proofs --events {events} --proofs {proofs}` — "
            f"{machine_line()}. A valid chain of {events:,} events bulk-loaded in "
            f"{load_seconds:.0f} s; stored subtrees built once by `extend` in "
            f"{figures['build']:.1f} s ({figures['nodes']:,} rows); then {proofs} proofs of "
            "each kind at random positions and sizes against the full tree, as the API makes "
            "them (each also checks the tree is current).",
            "",
            "| what | mean | p95 | target |",
            "|---|---:|---:|---|",
            f"| inclusion proof (with its root) | {inclusion[0]:.1f} ms | {inclusion[1]:.1f} ms "
            "| well under 1 s |",
            f"| consistency proof (with both roots) | {consistency[0]:.1f} ms "
            f"| {consistency[1]:.1f} ms | well under 1 s |",
            f"| anchor: root recomputed from all {events:,} leaves (read + hash) "
            f"| {figures['naive'] * 1000:,.0f} ms | | |",
        ]
    )


async def main(events: int, proofs: int) -> None:
    url = await create_bench_database()
    try:
        started = time.perf_counter()
        await load(url, events, max(1, events // 10))
        load_seconds = time.perf_counter() - started
        figures = await measure(url, events, proofs)
    finally:
        await drop_bench_database(url)
    section = report(events, proofs, load_seconds, figures)
    print(section)
    write_section("audit-proofs", section)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=200)
    arguments = parser.parse_args()
    uvloop.run(main(arguments.events, arguments.proofs))
