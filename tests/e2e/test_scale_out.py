"""Several hub processes on one PostgreSQL: two API processes and a separate projector.
A write through one process is read through the other (by position) and reaches the
subscribers of both (LISTEN/NOTIFY fan-out); `hub serve --workers` shares one port."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import psutil

from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.hub_process import HUB, free_port, hub_env, serving
from tests.e2e.mutations_support import mutate

NAMES = "{ organisations(first: 50) { nodes { name } } }"
EVENTS = "subscription { events { position eventType } }"


@contextmanager
def projector(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen([*HUB, "project"], env=env, stdout=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


async def read_models_built(client: GraphQLClient) -> None:
    for _ in range(200):
        if "errors" not in await client.execute(NAMES):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the projector never built the read models")


async def test_a_write_through_one_process_is_read_and_pushed_through_the_other(
    fresh_database_url,
):
    api = hub_env(fresh_database_url, HUB_RUN_PROJECTIONS="false")
    with (
        projector(hub_env(fresh_database_url)),
        serving(api, "--no-migrate") as first,
        serving(api, "--no-migrate") as second,
    ):
        writer = GraphQLClient(first.removeprefix("http://"))
        reader = GraphQLClient(second.removeprefix("http://"))
        await read_models_built(reader)
        async with reader.subscribe(EVENTS) as on_reader, writer.subscribe(EVENTS) as on_writer:
            await asyncio.sleep(0.3)  # both processes are listening before the write
            written = await mutate(
                writer, "ManagerRegisterOrganisation", name="Théâtre Molière Sète",
                country="FR", region="Occitanie", legalStatus="public_body",
                vatRecovery="no", languages=["fr"],
            )  # fmt: skip
            pushed = [
                (await asyncio.wait_for(subscription.next(), 10))["data"]["events"]
                for subscription in (on_reader, on_writer)
            ]
        position = written["position"]
        read = await reader.post({"query": NAMES}, **{"X-Hub-Min-Position": str(position)})
        too_far = await reader.post(
            {"query": NAMES}, **{"X-Hub-Min-Position": str(position + 1_000)}
        )
        not_a_position = await reader.post({"query": NAMES}, **{"X-Hub-Min-Position": "soon"})
    names = [node["name"] for node in read.json()["data"]["organisations"]["nodes"]]
    assert "Théâtre Molière Sète" in names
    assert pushed == [{"position": position, "eventType": "Organisation.Registered"}] * 2
    assert too_far.json()["errors"][0]["extensions"] == {"code": "UNAVAILABLE", "retryable": True}
    assert not_a_position.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_serve_with_workers_shares_one_port_and_stops_on_sigterm(fresh_database_url):
    port = free_port()
    process = subprocess.Popen(
        [*HUB, "serve", "--workers", "2", "--port", str(port)],
        env=hub_env(fresh_database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answers = [httpx.get(base + "/healthz", timeout=5).status_code for _ in range(20)]
        workers = _children(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=60)
    code = process.returncode
    assert answers == [200] * 20
    assert len(workers) == 2
    assert code == 0, errors
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:

    return [child.pid for child in psutil.Process(pid).children()]


def _alive(pid: int) -> bool:

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
