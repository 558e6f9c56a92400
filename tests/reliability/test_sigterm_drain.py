"""SIGTERM to `hub serve` while writes are in flight and a subscription is open: the writes
in flight are answered and stored, the subscription is closed, the process exits 0 in
bounded time; then SIGTERM to `hub project` mid-catch-up leaves read models that equal a
rebuild up to the checkpoint it committed."""

from __future__ import annotations

import asyncio
import signal
import time

import asyncpg
import httpx
import websockets

from tests.e2e.mutations_support import operation
from tests.reliability.checks import check_log, head_position, read_models_against_rebuild
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.load import Ledger, Write, activity_input
from tests.reliability.results import record
from tests.reliability.stage import set_stage

IN_FLIGHT = 32
SUBSCRIBE = "subscription { events { position eventType } }"


async def send(hub: HubProcess, write: Write, ledger: Ledger) -> None:
    variables = {"input": {**write.input, "idempotencyKey": write.key}}
    ledger.writes.append(write)
    async with httpx.AsyncClient(timeout=60) as http:
        try:
            response = await http.post(
                hub.base + "/graphql",
                json={"query": operation(write.operation), "variables": variables},
                headers={"authorization": f"Bearer {write.system.token}"},
            )
        except httpx.ConnectError:  # sent after the listener closed: not in flight
            write.state, write.code = "refused", "connection refused"
            return
        except httpx.TransportError as error:
            write.state, write.code = "unresolved", type(error).__name__
            return
    body = response.json()
    if response.status_code == 200 and not body.get("errors"):
        write.state, write.payload = "acked", next(iter(body["data"].values()))
    else:
        write.state, write.code = "refused", f"{response.status_code} {body}"


async def subscriber(hub: HubProcess, token: str, opened: asyncio.Event) -> str:
    """How the subscription ended: the close code the hub sent."""
    async with websockets.connect(
        hub.base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
        additional_headers={"authorization": f"Bearer {token}"},
    ) as socket:  # fmt: skip
        await socket.send('{"type": "connection_init", "payload": {}}')
        await socket.recv()
        await socket.send(
            f'{{"id": "1", "type": "subscribe", "payload": {{"query": "{SUBSCRIBE}"}}}}'
        )
        opened.set()
        try:
            async for _ in socket:
                pass
        except websockets.ConnectionClosed:
            pass
        return str(socket.close_code)


async def test_sigterm_drains_requests_and_subscriptions_then_exits(scenario_database, tmp_path):
    hub = HubProcess(scenario_database, tmp_path / "hub.log")
    hub.start()
    stage = await set_stage(hub, scenario_database, clients=4)
    async with httpx.AsyncClient() as http:
        for system in stage.systems:
            await system.fetch_token(http, hub.base)
    before = await head_position(scenario_database)
    opened = asyncio.Event()
    watching = asyncio.create_task(subscriber(hub, stage.manager.token, opened))
    await opened.wait()
    ledger = Ledger()
    writes = [
        Write(f"drain-{n}", "PartnerRecordActivity",
              activity_input(stage.world, f"drain-{n}", __import__("random").Random(n)),
              stage.systems[n % len(stage.systems)])
        for n in range(IN_FLIGHT)
    ]  # fmt: skip
    sending = asyncio.gather(*(send(hub, w, ledger) for w in writes))
    await asyncio.sleep(0.3)
    hub.signal(signal.SIGTERM)
    signalled = time.monotonic()
    await sending
    exit_code = await asyncio.to_thread(hub.wait, 60)
    exit_seconds = round(time.monotonic() - signalled, 2)
    close_code = await asyncio.wait_for(watching, 30)
    answered = ledger.summary()
    check = await check_log(scenario_database, ledger, before)
    projector_figures = await _projector_stops_between_batches(scenario_database, tmp_path)
    record(
        "sigterm-drain",
        f"SIGTERM to `hub serve` 0.3 s after {IN_FLIGHT} writes were sent, one subscription "
        "open; then SIGTERM to `hub project` one second after it started",
        f"{answered['acknowledged']} of {IN_FLIGHT} writes in flight answered and stored once, "
        f"{answered['refused']} not yet connected, {answered['unresolved']} cut off, "
        f"{len(check.problems)} problems; subscription closed "
        f"with code {close_code}; exit {exit_code} after {exit_seconds} s; projector exit "
        f"{projector_figures['exit']} after {projector_figures['seconds']} s at position "
        f"{projector_figures['position']}, read models equal a rebuild there: "
        f"{projector_figures['equal']}",
        exit_code=exit_code, exit_seconds=exit_seconds, close_code=close_code,
        **answered, **check.as_figures(), projector=projector_figures,
    )  # fmt: skip
    # uvicorn re-raises the signal once it has drained: death by SIGTERM is its clean exit
    assert exit_code in (0, -signal.SIGTERM)
    assert answered["unresolved"] == 0 and check.problems == []
    assert answered["acknowledged"] > 0
    assert close_code is not None
    assert projector_figures["exit"] in (0, -signal.SIGTERM) and projector_figures["equal"]
    assert unhandled_exceptions(hub.log_text()) == []


async def _projector_stops_between_batches(database_url: str, tmp_path) -> dict:
    projector = HubProcess(database_url, tmp_path / "projector.log")
    projector.start("project")
    await asyncio.sleep(1.0)
    projector.signal(signal.SIGTERM)
    signalled = time.monotonic()
    code = await asyncio.to_thread(projector.wait, 60)
    seconds = round(time.monotonic() - signalled, 2)
    connection = await asyncpg.connect(database_url)
    try:
        positions = await connection.fetch(
            "SELECT DISTINCT position FROM projection_checkpoints WHERE active"
        )
    finally:
        await connection.close()
    position = min(row[0] for row in positions)
    equal = len(positions) == 1
    if equal:
        tables, differing = await read_models_against_rebuild(database_url, position)
        equal = differing == [] and tables > 0
    return {"exit": code, "seconds": seconds, "position": position, "equal": equal}
