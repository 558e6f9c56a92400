"""The formats a report is rendered in: content types and download file names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hub.reports.model import LANGUAGES, Report


@dataclass(frozen=True)
class Format:
    name: str
    content_type: str
    binary: bool


FORMATS: dict[str, Format] = {
    "json": Format("json", "application/json", binary=False),
    "csv": Format("csv", "text/csv; charset=utf-8; header=present", binary=False),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", binary=True
    ),
    "pdf": Format("pdf", "application/pdf", binary=True),
}


class RenderError(ValueError):
    """An unknown format or language."""


def checked(fmt: str, lang: str) -> Format:
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if lang not in LANGUAGES:
        raise RenderError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    return FORMATS[fmt]


def slug(text: str, limit: int = 40) -> str:
    """ASCII, lower case, dashes: "Travesía" → "travesia"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def file_name(report: Report, fmt: str, lang: str) -> str:
    """project-kind[-period][-partner]-position-lang.ext, ASCII only."""
    parts = [slug(report.project) or "project", report.kind]
    if report.period is not None:
        parts.append(slug(report.period))
    if report.partner is not None:
        parts.append(slug(report.partner))
    parts += [f"pos{report.provenance.position}", lang]
    return "-".join(p for p in parts if p) + f".{fmt}"
