"""A partner query mix through GraphQL: the hub beside PostGraphile (serving the same
read-model tables) and a bare Starlette + asyncpg + orjson endpoint returning the same JSON.

    (cd bench/graphql && npm ci)          # PostGraphile 5 and the Node 22 it needs
    .venv/bin/python -m bench.graphql_mix [--seconds 15] [--connections 32]

Loads the demo into a throwaway database on HUB_BENCH_ADMIN_URL, drives each server with
wrk (32 connections by default, loopback only, bounded in time) and writes its section of
docs/benchmarks.md. Needs `wrk` (Debian package) on the PATH.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from hub.database import open_database
from hub.demo import load_demo
from hub.handlers import bootstrap
from hub.lifecycle import projection_runner
from hub.settings import PROJECT_ROOT, load_settings
from tests.e2e.hub_process import free_port

ANCHORS = PROJECT_ROOT / "bench" / "graphql"
NODE = ANCHORS / "node_modules" / ".bin" / "node"
POSTGRAPHILE = ANCHORS / "node_modules" / "postgraphile" / "dist" / "cli-run.js"

# PostGraphile reads relations and keys of views from smart comments.
SMART_TAGS = [
    "COMMENT ON VIEW read.projects IS '@primaryKey project_id'",
    "COMMENT ON VIEW read.organisations IS '@primaryKey organisation_id'",
    "COMMENT ON VIEW read.partnerships IS E'@primaryKey project_id,organisation_id\\n"
    "@foreignKey (project_id) references read.projects (project_id)|@fieldName project\\n"
    "@foreignKey (organisation_id) references read.organisations (organisation_id)"
    "|@fieldName organisation'",
    "COMMENT ON VIEW read.deliverables IS E'@primaryKey deliverable_id'",
]

HUB_PROJECTS = """{ projects(first: 10) { nodes { acronym title programme startsOn
  partners { role organisation { name country } } } } }"""
HUB_DELIVERABLES = """query($p: ID!) { deliverables(projectId: $p, first: 50) {
  nodes { code title state dueOn } } }"""
PG_PROJECTS = """{ allProjects(first: 10, orderBy: [ACRONYM_ASC, PROJECT_ID_ASC]) { nodes {
  acronym title programme startsOn
  partnershipsByProjectId(orderBy: [JOINED_ON_ASC, ORGANISATION_ID_ASC]) { nodes {
    role organisation { name country } } } } } }"""
PG_DELIVERABLES = """query($p: UUID!) { allDeliverables(first: 50,
  condition: { projectId: $p }, orderBy: [DUE_ON_ASC, DELIVERABLE_ID_ASC]) {
  nodes { code title status dueOn } } }"""


async def prepare(url: str) -> str:
    """Load the demo through the command bus, catch the read models up; the mix's project."""
    settings = load_settings()
    database = await open_database(settings, dsn=url)
    try:
        await load_demo(bootstrap(database.pool))
        runner = projection_runner(database, settings)
        await runner.start()
        await runner.run_until_caught_up()
        await runner.stop()
        owner = await asyncpg.connect(url)
        try:
            for statement in SMART_TAGS:
                await owner.execute(statement)
        finally:
            await owner.close()
        return str(
            await database.pool.fetchval(
                "SELECT project_id FROM read.deliverables GROUP BY project_id"
                " ORDER BY count(*) DESC LIMIT 1"
            )
        )
    finally:
        await database.close()


def wrk_script(requests: list[tuple[str, str, bytes | None]]) -> str:
    """A wrk Lua script sending the given (method, path, body) requests in turn."""
    entries = ",\n".join(
        f'  {{"{method}", "{path}", {_lua(body)}}}' for method, path, body in requests
    )
    return f"""local mix = {{
{entries}
}}
local i = 0
request = function()
  i = i % #mix + 1
  local m = mix[i]
  local headers = {{["Content-Type"] = "application/json"}}
  return wrk.format(m[1], m[2], headers, m[3])
end
"""


def _lua(body: bytes | None) -> str:
    if body is None:
        return "nil"
    return "[==[" + body.decode() + "]==]"


def run_wrk(url: str, script: str, seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        output = subprocess.run(
            [*command, "-s", handle.name, url],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        Path(handle.name).unlink()
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"errors under load:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


@contextmanager
def process(command: list[str], env: dict[str, str] | None = None) -> Iterator[None]:
    """A server for the run; its log goes to a file (a pipe nobody reads would fill up with
    access-log lines and stall the server mid-run)."""
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            yield
        finally:
            child.terminate()
            child.wait(timeout=20)


def wait_for(url: str, body: dict[str, Any] | None) -> dict[str, Any]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            response = (
                httpx.post(url, json=body, timeout=10) if body else httpx.get(url, timeout=10)
            )
            if response.status_code == 200:
                return response.json()  # type: ignore[no-any-return]
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def graphql(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return orjson.dumps({"query": query, "variables": variables or {}})


def measure(url: str, project: str, seconds: int, connections: int) -> dict[str, dict[str, float]]:
    hub, uncached, pg, bare = free_port(), free_port(), free_port(), free_port()
    env = {"HUB_DATABASE_URL": url, "HUB_RUN_PROJECTIONS": "false", "PATH": "/usr/bin:/bin"}
    pg_env = {"GRAPHILE_ENV": "production", "PATH": "/usr/bin:/bin"}
    targets = {
        "hub (strawberry, read models)": (
            f"http://127.0.0.1:{hub}/graphql",
            [("POST", "/graphql", graphql(HUB_PROJECTS)),
             ("POST", "/graphql", graphql(HUB_DELIVERABLES, {"p": project}))],
        ),
        "hub, response cache off": (
            f"http://127.0.0.1:{uncached}/graphql",
            [("POST", "/graphql", graphql(HUB_PROJECTS)),
             ("POST", "/graphql", graphql(HUB_DELIVERABLES, {"p": project}))],
        ),
        "PostGraphile 5 (same tables)": (
            f"http://127.0.0.1:{pg}/graphql",
            [("POST", "/graphql", graphql(PG_PROJECTS)),
             ("POST", "/graphql", graphql(PG_DELIVERABLES, {"p": project}))],
        ),
        "bare Starlette + asyncpg + orjson": (
            f"http://127.0.0.1:{bare}/projects",
            [("GET", "/projects", None), ("GET", f"/deliverables/{project}", None)],
        ),
    }  # fmt: skip
    with ExitStack() as stack:
        stack.enter_context(process(
            [sys.executable, "-m", "hub.cli", "serve", "--port", str(hub), "--no-migrate"], env
        ))  # fmt: skip
        stack.enter_context(process(
            [sys.executable, "-m", "hub.cli", "serve", "--port", str(uncached), "--no-migrate"],
            {**env, "HUB_GRAPHQL_RESPONSE_CACHE": "false"},
        ))  # fmt: skip
        stack.enter_context(process(
            [str(NODE), str(POSTGRAPHILE), "-c", url, "-s", "read", "-P",
             "postgraphile/presets/amber", "-p", str(pg), "-n", "127.0.0.1"], pg_env,
        ))  # fmt: skip
        stack.enter_context(process([sys.executable, "-m", "bench.bare_server", url, str(bare)]))
        results = {}
        for name, (base, requests) in targets.items():
            first = orjson.loads(requests[0][2]) if requests[0][2] else None
            answer = wait_for(base, first)
            assert "errors" not in answer, answer
            origin = base.rsplit("/", 1)[0]
            results[name] = run_wrk(origin, wrk_script(requests), seconds, connections)
        return results


async def main(seconds: int, connections: int) -> None:
    url = await create_bench_database()
    try:
        project = await prepare(url)
        results = await asyncio.to_thread(measure, url, project, seconds, connections)
    finally:
        await drop_bench_database(url)
    pg = results["PostGraphile 5 (same tables)"]["rps"]
    lines = [
        "## GraphQL query mix",
        "",
        f"`python -m bench.graphql_mix --seconds {seconds} --connections {connections}` — "
        f"{machine_line()}. The demo data; a partner mix alternating the ten first projects "
        "with their partners (names, countries, roles) and one project's deliverables board "
        f"(50 rows); wrk, {connections} connections, loopback; one process per server.",
        "",
        "| server | requests/s | × PostGraphile | p50 (ms) | p99 (ms) | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, figures in results.items():
        target = "≥ 1.0× PostGraphile, p99 ≤ 50 ms" if name.startswith("hub (") else ""
        lines.append(
            f"| {name} | {figures['rps']:,.0f} | {figures['rps'] / pg:.2f} | "
            f"{figures['p50']:.1f} | {figures['p99']:.1f} | {target} |"
        )
    section = "\n".join(lines)
    print(section)
    write_section("graphql", section)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.seconds, arguments.connections))
