"""`hub serve` killed with SIGKILL in the middle of requests, twice, and started again: no
command is half-written, and clients that retry with their idempotency keys get each write
exactly once."""

from __future__ import annotations

import asyncio
import signal
import time

from tests.reliability.checks import (
    check_log,
    head_position,
    read_models_against_rebuild,
    verify_chain,
    wait_for_projections,
)
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.load import run_load
from tests.reliability.results import record
from tests.reliability.stage import set_stage

LOAD_SECONDS = 20
KILL_AT_SECONDS = (6, 12)


async def kill_and_restart(hub: HubProcess) -> list[float]:
    """SIGKILL the hub at each moment and start it again: seconds until it answered."""
    recoveries, started = [], time.monotonic()
    for moment in KILL_AT_SECONDS:
        await asyncio.sleep(moment - (time.monotonic() - started))
        hub.signal(signal.SIGKILL)
        hub.wait()
        killed = time.monotonic()
        await asyncio.to_thread(hub.start)
        recoveries.append(round(time.monotonic() - killed, 2))
    return recoveries


async def test_a_hub_killed_mid_request_leaves_no_half_written_command(scenario_database, log_file):
    hub = HubProcess(scenario_database, log_file).start()
    try:
        stage = await set_stage(hub, scenario_database)
        before = await head_position(scenario_database)
        killing = asyncio.create_task(kill_and_restart(hub))
        ledger = await run_load(hub.base, stage.systems, stage.world, LOAD_SECONDS)
        recoveries = await killing
        await wait_for_projections(scenario_database)
    finally:
        hub.stop()
    check = await check_log(scenario_database, ledger, before)
    tables, differing = await read_models_against_rebuild(scenario_database)
    chain = verify_chain(hub.env)
    summary = ledger.summary()
    record(
        "hub-sigkill",
        f"`hub serve` killed with SIGKILL at {KILL_AT_SECONDS} s of {LOAD_SECONDS} s of load "
        "by 32 clients and started again",
        f"answering again {recoveries} s after each kill; {summary['retried_writes']} writes "
        f"retried with their keys (failed attempts {summary['failed_attempts']}); "
        f"{summary['acknowledged']} acknowledged, {check.acknowledged_in_log} in the log once "
        f"and whole, {check.acknowledged_unchanged} unchanged, {len(check.problems)} problems; "
        f"chain exit {chain['exit']}; "
        f"{tables - len(differing)}/{tables} tables equal a rebuild",
        restart_seconds=recoveries, **summary, **check.as_figures(), chain_exit=chain["exit"],
    )  # fmt: skip
    assert summary["failed_attempts"], "the kills interrupted no request"
    assert check.problems == [] and summary["unresolved"] == 0
    assert ledger.replay_mismatches == [] and chain["exit"] == 0 and differing == []
    assert unhandled_exceptions(hub.log_text()) == []
