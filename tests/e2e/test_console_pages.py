"""The console's pages over HTTP (no browser) show the demo's figures as the read models and
the log hold them: a project's budget per cost category, each project's consumption on the
overview, a project as of today folded from the log, the report builder's project."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from html import unescape

import httpx
import pytest

from hub.api.finance.types import cost_category_label
from hub.api.view import READ_MODELS
from hub.console.figures import money_text, share
from hub.demo.projects import PYRENART
from projections.status import wait_until_reached
from tests.e2e.console_support import console_hub, person, signed_in
from tests.e2e.test_oauth_support import Hub

CATEGORIES = """
SELECT cost_category, sum(budget) AS budget, sum(declared) AS declared,
       sum(validated) AS validated
FROM read.finance_figures WHERE project_id = $1 GROUP BY cost_category
"""
PROJECT_TOTALS = """
SELECT p.project_id, p.acronym, sum(f.budget) AS budget, sum(f.validated) AS validated
FROM read.projects p JOIN read.finance_figures f USING (project_id)
GROUP BY p.project_id, p.acronym
"""


@pytest.fixture(scope="module")
async def hub(admin_url, settings, tmp_path_factory) -> AsyncIterator[Hub]:
    async with console_hub(admin_url, settings, tmp_path_factory.mktemp("pages")) as running:
        head = await running.database.pool.fetchval("SELECT max(position) FROM events")
        await wait_until_reached(running.database.pool, READ_MODELS, head, 60, asyncio.sleep)
        yield running


@pytest.fixture
async def http(hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=hub.base, timeout=30) as client:
        await signed_in(client, await person(hub.database))
        yield client


def rows_of(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with that caption, each as its cells' texts."""
    table = html[html.index(f"<caption>{caption}") :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


async def test_the_project_page_adds_up_each_cost_category(http, hub):
    page = await http.get(f"/console/projects/{PYRENART.id}")
    assert page.status_code == 200
    shown = rows_of(page.text, "Budget, declared and validated per cost category")
    expected = await hub.database.pool.fetch(CATEGORIES, PYRENART.id)
    assert len(expected) == 5
    assert sorted(shown) == sorted(
        [cost_category_label(row["cost_category"], "en"),
         *(money_text(row[k], "en") for k in ("budget", "declared", "validated"))]
        for row in expected
    )  # fmt: skip
    assert page.text.count('<svg class="chart"') == 2


async def test_the_overview_shows_each_projects_consumption(http, hub):
    page = await http.get("/console/")
    assert page.status_code == 200
    for row in await hub.database.pool.fetch(PROJECT_TOTALS):
        consumed = share(row["validated"], row["budget"])
        cell = re.search(
            rf'href="/console/projects/{row["project_id"]}">{re.escape(row["acronym"])}</a>'
            r".*?<td>.*?<td>.*?<td>.*?<td>\s*(.*?)</td>",
            page.text,
            flags=re.S,
        )
        assert cell is not None, row["acronym"]
        assert f'value="{consumed}"' in cell.group(1)


async def test_a_project_as_of_today_is_folded_from_the_log_and_matches_the_read_models(http, hub):
    pool = hub.database.pool
    expected = await pool.fetch(CATEGORIES, PYRENART.id)
    codes = await pool.fetch(
        "SELECT code FROM read.deliverables WHERE project_id = $1", PYRENART.id
    )
    for _ in range(2):  # the second answer reuses the folds of the first
        page = await http.get(f"/console/projects/{PYRENART.id}/as-of?date={date.today()}")
        assert page.status_code == 200
        for row in codes:
            assert f'<th scope="row">{row["code"]}</th>' in page.text
        cells = re.findall(
            r'<tr><th scope="row">(\w+)</th><td class="num">([\d.]+)</td>'
            r'<td class="num">([\d.]+)</td><td class="num">([\d.]+)</td></tr>',
            page.text,
        )
        assert len(cells) >= len(expected)
        for index, name in enumerate(("budget", "declared", "validated"), start=1):
            assert sum(Decimal(cell[index]) for cell in cells) == sum(r[name] for r in expected)


async def test_the_report_builder_names_the_project_or_is_404(http):
    page = await http.get(f"/console/projects/{PYRENART.id}/reports")
    assert page.status_code == 200 and f">{PYRENART.acronym}</a>" in page.text
    unknown = await http.get("/console/projects/00000000-0000-4000-8000-000000000000/reports")
    assert unknown.status_code == 404
