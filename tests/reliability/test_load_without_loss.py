"""32 partner systems send a mix of mutations and queries over HTTP with real tokens,
including stale expectedVersions and replayed idempotency keys; afterwards every
acknowledged write is in the log exactly once, nothing else is, the chain verifies and the
read models equal a rebuild from the log."""

from __future__ import annotations

import os
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

CLIENTS = 32
SECONDS = float(os.environ.get("HUB_RELIABILITY_LOAD_SECONDS", "15"))


async def test_no_acknowledged_write_is_lost_or_doubled_under_load(scenario_database, log_file):
    hub = HubProcess(scenario_database, log_file).start()
    try:
        stage = await set_stage(hub, scenario_database, CLIENTS)
        before = await head_position(scenario_database)
        started = time.monotonic()
        ledger = await run_load(hub.base, stage.systems, stage.world, SECONDS)
        elapsed = time.monotonic() - started
        await wait_for_projections(scenario_database)
    finally:
        hub.stop()
    check = await check_log(scenario_database, ledger, before)
    tables, differing = await read_models_against_rebuild(scenario_database)
    chain = verify_chain(hub.env)
    summary = ledger.summary()
    record(
        "load", f"{CLIENTS} clients, {elapsed:.0f} s of mixed GraphQL over HTTP (1 process)",
        f"{summary['acknowledged']} writes acknowledged, {check.acknowledged_in_log} in the log "
        f"exactly once, {check.acknowledged_unchanged} unchanged (nothing to write), "
        f"{len(check.problems)} problems; {sum(summary['refused'].values())} "
        f"refused ({summary['refused']}), {summary['replays']} replays "
        f"({summary['twin_replays']} as twins), {summary['replay_mismatches']} mismatches; "
        f"{sum(summary['queries'].values())} queries; chain exit {chain['exit']}; "
        f"{tables - len(differing)}/{tables} read-model tables equal a rebuild",
        seconds=round(elapsed, 1), **summary, **check.as_figures(), chain_exit=chain["exit"],
        tables=tables, differing=differing,
    )  # fmt: skip
    assert check.problems == [] and summary["unresolved"] == 0
    assert ledger.replay_mismatches == []
    assert summary["acknowledged"] > 0 and summary["refused"].get("CONFLICT", 0) > 0
    assert chain["exit"] == 0, chain
    assert differing == []
    assert set(summary["queries"]) == {"ok"}, summary["queries"]
    assert unhandled_exceptions(hub.log_text()) == []
