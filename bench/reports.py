"""Every funder report for every demo project, built and rendered in the four formats,
beside the time to read the whole log once, in one run.

    .venv/bin/python -m bench.reports [--lang fr]

Loads the demo into a throwaway database (not timed), then, one after the other: every
report kind for every demo project (and La Collaborative), POCTEFA partner reports for
every budget holder and reporting period; each built from the log at the head and
rendered as JSON, CSV, XLSX and PDF. Requests a kind refuses (a Creative Europe report
of an Erasmus+ project…) are timed too. Target: under 10 s in total.

It calls what the HTTP route and `hub report` call (``build_report``, ``render_in_thread``),
in one process as a running hub does: what the reports keep per process (decoded events,
the fold of a log its reports share, the parsed fonts) is built by the first reports and
timed with them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import uvloop

from bench.common import create_bench_database, drop_bench_database, machine_line, write_section
from domain.project import Programme
from hub.database import open_database
from hub.demo import load_demo
from hub.demo.organisations import org_id
from hub.demo.projects import PROJECTS
from hub.handlers import bootstrap
from hub.reports.catalogue import REPORT_KINDS, ReportError, ReportRequest, build_report
from hub.reports.render import FORMATS, render_in_thread
from hub.settings import load_settings

TARGET_SECONDS = 10.0
COLLABORATIVE = "La Collaborative"


def requests() -> list[ReportRequest]:
    wanted = [
        ReportRequest(kind, spec.acronym, personal_data=True)
        for kind in REPORT_KINDS
        if kind != "poctefa-partner"
        for spec in PROJECTS
    ]
    wanted += [
        ReportRequest(kind, COLLABORATIVE) for kind in REPORT_KINDS if kind != "poctefa-partner"
    ]
    wanted += [
        ReportRequest("poctefa-partner", spec.acronym, period=number, partner=str(org_id(holder)))
        for spec in PROJECTS
        if spec.programme is Programme.INTERREG_POCTEFA
        for holder in spec.budget_holders()
        for number in range(1, len(spec.reporting_periods) + 1)
    ]
    return wanted


async def measure(url: str, lang: str) -> dict[str, float]:
    settings = load_settings(data_dir=Path(tempfile.mkdtemp(prefix="hub-bench-")))
    database = await open_database(settings, dsn=url)
    try:
        await load_demo(bootstrap(database.pool))
        figures: dict[str, float] = defaultdict(float)
        figures["load"] = os.getloadavg()[0]
        started = time.perf_counter()
        rows = await database.pool.fetch("SELECT * FROM events ORDER BY position")
        figures["read_log"] = time.perf_counter() - started
        figures["events"] = len(rows)
        total = time.perf_counter()
        for request in requests():
            started = time.perf_counter()
            try:
                report = await build_report(database.pool, request)
            except ReportError:
                figures["refused"] += 1
                figures["build"] += time.perf_counter() - started
                continue
            figures["build"] += time.perf_counter() - started
            figures["reports"] += 1
            for fmt in FORMATS:
                started = time.perf_counter()
                await render_in_thread(report, fmt, lang)
                figures[fmt] += time.perf_counter() - started
        figures["total"] = time.perf_counter() - total
        return figures
    finally:
        await database.close()


def section(args: argparse.Namespace, figures: dict[str, float]) -> str:
    total = figures["total"]
    verdict = "met" if total < TARGET_SECONDS else "missed"
    rows = [
        ("read the whole log once (anchor)", f"{figures['read_log']:.2f} s", ""),
        ("build every report (fold the log)", f"{figures['build']:.2f} s", ""),
        *((f"render {fmt.upper()}", f"{figures[fmt]:.2f} s", "") for fmt in FORMATS),
        ("**total: build and render all**", f"**{total:.2f} s**",
         f"< {TARGET_SECONDS:.0f} s ({verdict})"),
    ]  # fmt: skip
    lines = [
        "## Reports",
        "",
        f"`python -m bench.reports --lang {args.lang}` — {machine_line()}, load average "
        f"{figures['load']:.1f} at the start.",
        f"Demo log of {figures['events']:,.0f} events. {figures['reports']:.0f} reports built "
        f"(every kind × every demo project and La Collaborative, POCTEFA partner reports per "
        f"budget holder and period; {figures['refused']:.0f} requests refused by their kind, "
        f"timed too), each rendered in the {len(FORMATS)} formats, one after the other "
        "(renderers in a worker thread), in one process as a running hub: the first reports "
        "decode the events, fold the logs and parse the fonts that the others reuse.",
        "",
        "| measure | figure | target |",
        "|---|---:|---|",
        *(f"| {label} | {figure} | {target} |" for label, figure, target in rows),
    ]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    url = await create_bench_database()
    try:
        figures = await measure(url, args.lang)
    finally:
        await drop_bench_database(url)
    text = section(args, figures)
    print(text)
    write_section("reports", text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr", choices=("en", "fr", "es"))
    uvloop.run(main(parser.parse_args()))
