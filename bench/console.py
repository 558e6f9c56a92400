"""Response times of the console's pages with the demo data, beside a plain /healthz.

    .venv/bin/python -m bench.console [--requests 40]

Loads the demo into a throwaway database and catches the read models up (not timed),
serves the hub with uvicorn in this process, signs a person in through the real OAuth
pages, then requests each page N times one after the other and reports p50/p95 per page.
Last, the project as of today is asked N times more, each time right after a write to one
of the project's reports (the write is not timed). Target: every page under 200 ms (p95).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import tempfile
import time
import uuid
from datetime import date
from html import unescape
from pathlib import Path

import httpx
import uvicorn
import uvloop

from auth import store
from auth.users import hash_password
from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from domain.costs import CostCategory
from domain.money import Money
from hub.app import create_app
from hub.commands.finance import DeclareExpenditure
from hub.database import Database, open_database
from hub.demo import load_demo
from hub.demo.organisations import org_id
from hub.demo.projects import PYRENART
from hub.handlers import CommandContext, bootstrap
from hub.lifecycle import projection_runner
from hub.settings import Settings, load_settings

TARGET_MS = 200.0
PASSWORD = "bench password, not a secret"
SCOPES = {"projects:read", "finance:read", "activities:write", "finance:write", "audit:read"}


AFTER_A_WRITE = "project as of today, right after a write"
DRAFT_REPORT = """
SELECT report_id, period_start FROM read.partner_reports
WHERE project_id = $1 AND state = 'draft' ORDER BY report_id LIMIT 1
"""


def as_of_today() -> str:
    return f"/console/projects/{PYRENART.id}/as-of?date={date.today()}"


def pages() -> dict[str, str]:
    project = f"/console/projects/{PYRENART.id}"
    return {
        "/healthz (anchor)": "/healthz",
        "projects overview": "/console/",
        "project page (Pyrenart)": project,
        "report builder, project report built": project + "/reports?kind=project&format=pdf",
        "project as of today": as_of_today(),
        "entity history (Pyrenart)": f"/console/audit/entities/{PYRENART.id}",
        "log explorer": "/console/audit/log",
        "checkpoint page": "/console/audit/checkpoint",
        "expenditure form": project + "/expenditure",
    }


async def prepared(settings: Settings, url: str) -> Database:
    database = await open_database(settings, dsn=url)
    await load_demo(bootstrap(database.pool))
    runner = projection_runner(database, settings)
    await runner.start()
    await runner.run_until_caught_up()
    await runner.stop()
    username = f"bench-{uuid.uuid4().hex[:6]}"
    async with database.pool.acquire() as connection:
        await store.insert_user(connection, {
            "user_id": str(uuid.uuid4()), "username": username,
            "password_hash": hash_password(PASSWORD), "organisation": str(org_id("oes")),
            "scopes": SCOPES, "restrictions": {},
        })  # fmt: skip
    database.bench_username = username  # type: ignore[attr-defined]
    return database


async def sign_in(http: httpx.AsyncClient, username: str) -> None:
    page = await http.get("/console/login", follow_redirects=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    form = {k: unescape(v) for k, v in fields.items()}
    form.update(username=username, password=PASSWORD, decision="allow")
    answer = await http.post("/oauth/authorize", data=form, follow_redirects=True)
    if answer.status_code != 200 or "/console/" not in str(answer.url):
        raise RuntimeError(f"sign-in failed: {answer.status_code} {answer.url}")


async def timed(http: httpx.AsyncClient, path: str, count: int) -> list[float]:
    await http.get(path)  # warm-up
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = await http.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return times


async def timed_after_writes(
    http: httpx.AsyncClient, database: Database, count: int
) -> list[float]:
    """The project as of today, each time right after a line is declared on one of its draft
    reports: the log's head has moved, so no answer is kept for it."""
    bus = bootstrap(database.pool)
    report = await database.pool.fetchrow(DRAFT_REPORT, PYRENART.id)
    context = CommandContext(actor="bench", organisation=str(org_id("oes")), client_id="bench")
    await http.get(as_of_today())  # warm-up
    times = []
    for number in range(count):
        day = report["period_start"]
        await bus.execute(DeclareExpenditure(
            report["report_id"], CostCategory.STAFF, "Bench payslip", "Bench", f"B-{number}",
            day, day, Money.of("100.00"), Money.zero(), False, "bench://payslip",
        ), context)  # fmt: skip
        started = time.perf_counter()
        response = await http.get(as_of_today())
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{as_of_today()}: HTTP {response.status_code}")
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def measure(count: int, kept: bool = True) -> dict[str, list[float]]:
    url = await create_bench_database()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = load_settings(
        data_dir=Path(tempfile.mkdtemp()), auth_issuer=base, run_projections=False,
        audit_checkpoint_seconds=0, run_webhooks=False, metrics=False,
        graphql_response_cache=kept,
    )  # fmt: skip
    database = await prepared(settings, url)
    config = uvicorn.Config(create_app(settings, database=database), port=port, log_level="error")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await sign_in(http, database.bench_username)  # type: ignore[attr-defined]
            times = {name: await timed(http, path, count) for name, path in pages().items()}
            times[AFTER_A_WRITE] = await timed_after_writes(http, database, count)
            return times
    finally:
        server.should_exit = True
        await task
        await database.close()
        await drop_bench_database(url)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(
    results: dict[str, list[float]], fresh: dict[str, list[float]], count: int, load: float
) -> str:
    def cells(times: list[float]) -> str:
        p95 = percentile(times, 0.95)
        return f"{statistics.median(times):.1f} | {p95:.1f} | {'yes' if p95 < TARGET_MS else 'NO'}"

    rows = [
        f"| {name} | {cells(times)} | {cells(fresh[name])} |" for name, times in results.items()
    ]
    return "\n".join([
        "## Console pages (`python -m bench.console`)", "",
        f"{machine_line()}, load average {load:.1f} at the start; demo data, one signed-in "
        f"person (every read scope), {count} sequential requests per page after one warm-up, "
        "over loopback HTTP with uvicorn in the same process. "
        f"Target: p95 under {TARGET_MS:.0f} ms. The console keeps each "
        "answer per log position, as the API does (`HUB_GRAPHQL_RESPONSE_CACHE`): the first "
        "columns are pages asked again while the log has not moved, the last ones every page "
        "computed afresh (the cache turned off). A project as of a position is folded from "
        "the log, reusing the folds of the streams that have not moved since (kept by the "
        "hash of their last event); the last row asks for it right after each write to one "
        "of the project's reports (a declared line, not timed), as the first request after "
        "a write does.", "",
        "| page | p50 ms | p95 ms | under target | afresh p50 ms | afresh p95 ms | "
        "afresh under target |",
        "|---|---|---|---|---|---|---|", *rows,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    results = uvloop.run(measure(args.requests))
    fresh = uvloop.run(measure(args.requests, kept=False))
    text = report(results, fresh, args.requests, load)
    print(text)
    write_section("console", text)


if __name__ == "__main__":
    main()
