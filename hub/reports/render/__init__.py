"""Renderers: a ``Report`` as JSON, CSV, XLSX or PDF bytes, labelled in en, fr or es.

The bytes are a pure function of the report and the language: the same report at the same
log position gives the same bytes. Rendering is synchronous and CPU-bound; async callers
run it in a thread (``render_in_thread``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from hub.reports.model import Report
from hub.reports.render.csv import render_csv
from hub.reports.render.formats import FORMATS, Format, RenderError, checked, file_name
from hub.reports.render.json import render_json
from hub.reports.render.pdf import render_pdf
from hub.reports.render.xlsx import render_xlsx

__all__ = ["FORMATS", "Format", "RenderError", "file_name", "render", "render_in_thread"]

RENDERERS: dict[str, Callable[[Report, str], bytes]] = {
    "json": render_json,
    "csv": render_csv,
    "xlsx": render_xlsx,
    "pdf": render_pdf,
}


def render(report: Report, fmt: str, lang: str) -> bytes:
    checked(fmt, lang)
    return RENDERERS[fmt](report, lang)


async def render_in_thread(report: Report, fmt: str, lang: str) -> bytes:
    checked(fmt, lang)
    return await asyncio.to_thread(RENDERERS[fmt], report, lang)
