"""A slow or stuck database: a lock that holds every statement, then the whole server
frozen (SIGSTOP). The statement timeout and the pool's timeouts bound every request, each
gets an answer with a retryable code, and the hub's threads do not pile up."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx
import psutil

from tests.e2e.mutations_support import operation
from tests.reliability.cluster import ThrowawayCluster
from tests.reliability.hub_service import HubProcess, unhandled_exceptions
from tests.reliability.results import record
from tests.reliability.stage import graphql_as, set_stage

REQUESTS = 40
FROZEN_SECONDS = 6
SETTINGS = {"HUB_DB_STATEMENT_TIMEOUT_MS": "500", "HUB_DB_POOL_MAX_SIZE": "4"}


async def burst(base: str, token: str) -> tuple[dict[str, int], float]:
    """REQUESTS distinct queries at once: their outcomes and the slowest answer (s)."""
    outcomes: dict[str, int] = {}
    slowest = 0.0

    async def one(http: httpx.AsyncClient, number: int) -> None:
        nonlocal slowest
        started = time.monotonic()
        variables = {"projectId": stage_project, "first": number + 1, "lang": "fr"}
        response = await http.post(
            base + "/graphql",
            json={"query": operation("ManagerDeliverablesBoard"), "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
        slowest = max(slowest, time.monotonic() - started)
        body = response.json()
        code = body["errors"][0]["extensions"]["code"] if body.get("errors") else "ok"
        key = f"{response.status_code} {code}"
        outcomes[key] = outcomes.get(key, 0) + 1

    async with httpx.AsyncClient(timeout=120) as http:
        await asyncio.gather(*(one(http, n) for n in range(REQUESTS)))
    return outcomes, round(slowest, 2)


stage_project = ""


async def test_slow_and_stuck_database_connections_bound_every_request(tmp_path):
    global stage_project
    cluster = ThrowawayCluster().start()
    hub = None
    try:
        url = await cluster.create_database()
        hub = HubProcess(url, tmp_path / "hub.log", **SETTINGS).start()
        stage = await set_stage(hub, url, clients=1)
        stage_project = stage.world.project
        token = (await graphql_as(hub, stage.manager)).headers["authorization"].split()[1]
        threads = psutil.Process(hub.process.pid).num_threads()
        locker = await asyncpg.connect(url)
        async with locker.transaction():
            await locker.execute("LOCK TABLE read.deliverables IN ACCESS EXCLUSIVE MODE")
            locked, locked_slowest = await burst(hub.base, token)
        await locker.close()
        frozen_pids = cluster.freeze()
        try:
            frozen, frozen_slowest = await burst(hub.base, token)
        finally:
            cluster.thaw(frozen_pids)
        await asyncio.sleep(1)
        after, _ = await burst(hub.base, token)
        threads_after = psutil.Process(hub.process.pid).num_threads()
    finally:
        if hub is not None:
            hub.stop()
        cluster.destroy()
    record(
        "slow-database",
        f"{REQUESTS} queries at once while a lock held their table, then while the server was "
        f"frozen (SIGSTOP); statement timeout 500 ms, pool of 4",
        f"locked: {locked}, slowest {locked_slowest} s; frozen: {frozen}, slowest "
        f"{frozen_slowest} s; afterwards {after}; threads {threads} before, {threads_after} after",
        locked=locked, frozen=frozen, after=after, locked_slowest=locked_slowest,
        frozen_slowest=frozen_slowest, threads_before=threads, threads_after=threads_after,
    )  # fmt: skip
    retryable = {"200 UNAVAILABLE", "503 UNAVAILABLE"}
    assert set(locked) <= retryable | {"200 ok"} and set(locked) & retryable
    assert set(frozen) <= retryable, frozen
    assert after == {"200 ok": REQUESTS}
    assert threads_after <= threads + 2
    assert unhandled_exceptions(hub.log_text()) == []
