"""PostgreSQL (a throwaway cluster) restarted under load: the hub says it is unready, fails
requests with UNAVAILABLE (retryable), reconnects by itself once the server is back, and
loses nothing it acknowledged."""

from __future__ import annotations

import asyncio
import time

from tests.reliability.checks import (
    check_log,
    head_position,
    read_models_against_rebuild,
    verify_chain,
    wait_for_projections,
)
from tests.reliability.cluster import ThrowawayCluster
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.load import run_load
from tests.reliability.probes import first_after, ready_again, watch_readiness
from tests.reliability.results import record
from tests.reliability.stage import set_stage

LOAD_SECONDS = 25
RESTART_AFTER_SECONDS = 8
DOWN_SECONDS = 3
CLEAN_FAILURES = {"UNAVAILABLE", "CONFLICT"}  # CONFLICT: the bus ran out of retries


async def restart_later(cluster: ThrowawayCluster) -> tuple[float, float]:
    """Stop the server, keep it down a while, start it: (stopped at, accepting again at)."""
    await asyncio.sleep(RESTART_AFTER_SECONDS)
    await asyncio.to_thread(cluster.stop, "fast")
    stopped = time.monotonic()
    await asyncio.sleep(DOWN_SECONDS)
    await asyncio.to_thread(cluster.start)
    return stopped, await asyncio.to_thread(cluster.wait_accepting)


async def test_a_postgres_restart_under_load_loses_nothing_acknowledged(tmp_path):
    cluster = ThrowawayCluster().start()
    try:
        url = await cluster.create_database()
        hub = HubProcess(url, tmp_path / "hub.log").start()
        try:
            stage = await set_stage(hub, url)
            before = await head_position(url)
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_readiness(hub.base, stop))
            restart = asyncio.create_task(restart_later(cluster))
            ledger = await run_load(hub.base, stage.systems, stage.world, LOAD_SECONDS)
            stopped, back = await restart
            stop.set()
            seen = await watcher
            await wait_for_projections(url)
        finally:
            hub.stop()
        check = await check_log(url, ledger, before)
        tables, differing = await read_models_against_rebuild(url)
        chain = verify_chain(hub.env)
    finally:
        cluster.destroy()
    unready = [t for t, status in seen if status == 503 and t >= stopped]
    ready_at = ready_again(seen, back)
    write_at = first_after(ledger.ack_times, back)
    summary = ledger.summary()
    unclean = set(summary["failed_attempts"]) - CLEAN_FAILURES
    unclean |= set(summary["queries"]) - CLEAN_FAILURES - {"ok"}
    record(
        "postgres-restart",
        f"PostgreSQL stopped (fast) {RESTART_AFTER_SECONDS} s into {LOAD_SECONDS} s of load "
        f"by 32 clients, restarted {DOWN_SECONDS} s later",
        f"/readyz 503 while down; ready {_seconds(ready_at, back)} s and first acknowledged "
        f"write {_seconds(write_at, back)} s after PostgreSQL accepted again; failed attempts "
        f"{summary['failed_attempts'] or 'none'}, all retried with their keys; "
        f"{summary['acknowledged']} acknowledged, {check.acknowledged_in_log} in the log once, "
        f"{check.acknowledged_unchanged} unchanged, {len(check.problems)} problems; "
        f"chain exit {chain['exit']}; "
        f"{tables - len(differing)}/{tables} tables equal a rebuild",
        ready_seconds=_seconds(ready_at, back), write_seconds=_seconds(write_at, back),
        **summary, **check.as_figures(), chain_exit=chain["exit"], differing=differing,
    )  # fmt: skip
    assert unready, "the hub never reported unready while PostgreSQL was down"
    assert ready_at is not None and write_at is not None
    assert unclean == set(), summary
    assert check.problems == [] and summary["unresolved"] == 0
    assert ledger.replay_mismatches == [] and chain["exit"] == 0 and differing == []
    assert unhandled_exceptions(hub.log_text()) == []


def _seconds(moment: float | None, since: float) -> float | None:
    return None if moment is None else round(moment - since, 2)
