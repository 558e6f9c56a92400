"""The console in a real browser (Debian's Chromium driven by Playwright): sign in, open a
project, switch language, build and download a report, a form refused then accepted, an
entity's history, and the verify button. Screenshots land in docs/screenshots/."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.demo.projects import PYRENART
from hub.settings import PROJECT_ROOT
from tests.e2e.console_support import console_hub, event_count, person
from tests.e2e.test_oauth_support import PASSWORD, Hub

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's Chromium; CI (HUB_REQUIRE_BROWSER=1) fails without it, elsewhere the browser
    tests are skipped with the reason."""
    path = shutil.which("chromium")
    if path:
        return path
    if os.environ.get("HUB_REQUIRE_BROWSER") == "1":
        pytest.fail("browser tests cannot run: chromium is missing (apt-get install chromium)")
    pytest.skip("browser tests need Chromium: apt-get install chromium")


@pytest.fixture(scope="module")
async def hub(admin_url, settings, tmp_path_factory) -> AsyncIterator[Hub]:
    async with console_hub(admin_url, settings, tmp_path_factory.mktemp("console")) as running:
        yield running


@pytest.fixture
async def page(chromium: str, hub: Hub, tmp_path: Path):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = await browser.new_context(
            base_url=hub.base, locale="en-GB", accept_downloads=True,
            viewport={"width": 1200, "height": 860},
        )  # fmt: skip
        yield await context.new_page()
        await browser.close()


async def sign_in(page, hub: Hub) -> None:
    username = await person(hub.database)
    await page.goto("/console/")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[value=allow]")
    await page.wait_for_url("**/console/")


async def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


async def test_a_manager_signs_in_opens_a_project_and_switches_language(page, hub):
    await sign_in(page, hub)
    assert await page.locator("h1").inner_text() == "Projects"
    await shot(page, "projects")
    await page.click("text=Pyrenart")
    assert "Pyrenart" in await page.locator("h1").inner_text()
    assert await page.locator("svg.chart title").count() == 2
    await page.click("a[hreflang=fr]")
    assert await page.locator("html").get_attribute("lang") == "fr"
    assert await page.locator("h2#partners").inner_text() == "Partenaires"
    await shot(page, "project")
    await page.click("a[hreflang=es]")
    assert await page.locator("h2#partners").inner_text() == "Socios"


async def test_a_report_is_built_and_downloaded_with_its_provenance(page, hub):
    await sign_in(page, hub)
    await page.goto(f"/console/projects/{PYRENART.id}/reports")
    await page.select_option("#kind", "project")
    await page.select_option("#format", "csv")
    await page.click("form.stacked button[type=submit]")
    position = await page.locator("#provenance-position").inner_text()
    head_hash = await page.locator("#provenance-hash").inner_text()
    await shot(page, "report-builder")
    async with page.expect_download() as waiting:
        await page.click("#download")
    download = await waiting.value
    text = await asyncio.to_thread(Path(await download.path()).read_text, encoding="utf-8-sig")
    assert download.suggested_filename.endswith(".csv")
    assert position in text and head_hash in text
    assert any("Pyrenart" in cell for row in csv.reader(io.StringIO(text)) for cell in row)


async def test_a_form_with_an_error_writes_nothing_then_a_correct_one_is_recorded(page, hub):
    await sign_in(page, hub)
    await page.goto(f"/console/projects/{PYRENART.id}/activities/new")
    before = await event_count(hub.database)
    await page.fill("#code", "CONSOLE-1")
    await page.select_option("#kind", "seminar")
    await page.fill("#city", "Toulouse")
    await page.fill("#country", "FR")
    await page.click("form.stacked button[type=submit]")
    assert await page.locator("#title-error").is_visible()
    assert await page.locator("#held_on-error").is_visible()
    assert await page.locator("#title").get_attribute("aria-invalid") == "true"
    await shot(page, "form-error")
    assert await event_count(hub.database) == before
    await page.fill("#title", "Seminar on cross-border touring")
    await page.fill("#held_on", "2022-03-15")
    await page.fill("#starts_at", "18:00")
    await page.fill("#ends_at", "20:00")
    await page.click("form.stacked button[type=submit]")
    await page.wait_for_url(f"**/console/projects/{PYRENART.id}?saved=1*")
    assert await event_count(hub.database) == before + 1
    line = page.locator("#activities ~ ul.calendar li", has_text="CONSOLE-1")
    assert await line.count() == 1
    assert "2022-03-15 18:00–20:00" in await line.inner_text()  # Toulouse's clock


async def test_an_entity_history_and_the_verify_button(page, hub):
    await sign_in(page, hub)
    await page.goto(f"/console/audit/entities/{PYRENART.id}")
    rows = page.locator("table.history tbody tr")
    assert await rows.count() >= 2
    first = await rows.first.inner_text()
    assert "Project." in first
    await shot(page, "entity-history")
    await page.goto("/console/audit/checkpoint")
    await page.click("#verify")
    verdict = page.locator("#verification")
    total = await event_count(hub.database)
    assert f"Verified: {total} events" in await verdict.inner_text()
    await shot(page, "verify")


async def test_the_session_cookie_is_http_only_and_a_form_without_its_token_is_refused(page, hub):
    await sign_in(page, hub)
    cookie = next(c for c in await page.context.cookies() if c["name"] == "hub_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console"
    before = await event_count(hub.database)
    answer = await page.request.post(
        f"/console/projects/{PYRENART.id}/activities/new",
        form={"code": "FORGED", "kind": "seminar", "title": "x", "held_on": "2022-01-01",
              "city": "Pau", "country": "FR", "csrf_token": "forged"},
    )  # fmt: skip
    assert answer.status == 403 and await event_count(hub.database) == before
