"""The projector (`hub project`, apart from the API) killed with SIGKILL again and again
while writes go on: once one runs to the end, the read models equal a rebuild from the log."""

from __future__ import annotations

import asyncio
import random
import signal
import time

from tests.reliability.checks import (
    check_log,
    head_position,
    read_models_against_rebuild,
    wait_for_projections,
)
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.load import run_load
from tests.reliability.results import record
from tests.reliability.stage import set_stage

LOAD_SECONDS = 20
KILLS = 8


async def kill_repeatedly(projector: HubProcess, chooser: random.Random) -> int:
    kills = 0
    for _ in range(KILLS):
        await asyncio.sleep(chooser.uniform(0.8, 2.0))
        projector.signal(signal.SIGKILL)
        projector.wait()
        kills += 1
        projector.start("project")
    return kills


async def test_read_models_converge_after_the_projector_is_killed_repeatedly(
    scenario_database, tmp_path
):
    quick = {"HUB_READ_YOUR_WRITES_TIMEOUT_MS": "300"}
    hub = HubProcess(scenario_database, tmp_path / "hub.log", HUB_RUN_PROJECTIONS="false", **quick)
    projector = HubProcess(scenario_database, tmp_path / "projector.log", **quick)
    hub.start()
    try:
        projector.start("project")
        stage = await set_stage(hub, scenario_database)
        before = await head_position(scenario_database)
        killing = asyncio.create_task(kill_repeatedly(projector, random.Random(7)))
        ledger = await run_load(hub.base, stage.systems, stage.world, LOAD_SECONDS)
        kills = await killing
        caught_up_from = time.monotonic()
        head = await wait_for_projections(scenario_database)
        converged = round(time.monotonic() - caught_up_from, 2)
    finally:
        projector.stop()
        hub.stop()
    check = await check_log(scenario_database, ledger, before)
    tables, differing = await read_models_against_rebuild(scenario_database)
    record(
        "projector-sigkill",
        f"`hub project` killed with SIGKILL {kills} times during {LOAD_SECONDS} s of load, "
        "restarted each time",
        f"read models at the head (position {head}) {converged} s after the load ended; "
        f"{tables - len(differing)}/{tables} tables equal a rebuild; "
        f"{summary_line(ledger.summary())}; {len(check.problems)} log problems",
        kills=kills, converge_seconds=converged, tables=tables, differing=differing,
        **ledger.summary(), **check.as_figures(),
    )  # fmt: skip
    assert kills == KILLS
    assert differing == [] and check.problems == []
    assert unhandled_exceptions(hub.log_text() + projector.log_text()) == []


def summary_line(summary: dict) -> str:
    return f"{summary['acknowledged']} writes acknowledged meanwhile"
