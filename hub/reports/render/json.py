"""A report as JSON: labels in one language, money as decimal strings with their currency,
dates in ISO 8601, keys in a fixed order; the same report gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

from hub.reports.model import Cell, Chart, Column, Kind, Report, Table
from hub.reports.render.cells import cents, command_line, currency_of, in_language, plain, utc


def render_json(report: Report, lang: str) -> bytes:
    return (json.dumps(document(report, lang), ensure_ascii=False, indent=2) + "\n").encode()


def document(report: Report, lang: str) -> dict[str, Any]:
    """The report as plain JSON values (what the `report` query's ``content`` holds)."""
    report = in_language(report, lang)
    source = report.provenance
    return {
        "kind": report.kind,
        "title": report.title(lang),
        "lang": lang,
        "project": report.project,
        "project_id": report.project_id,
        "partner": report.partner,
        "period": report.period,
        "currency": report.currency,
        "provenance": {
            "position": source.position,
            "head_hash": source.head_hash,
            "as_of": utc(source.as_of).isoformat(),
            "plan_version": source.plan_version,
            "command": command_line(report, "json", lang),
        },
        "facts": [{"label": label(lang), "value": _value(value)} for label, value in report.facts],
        "tables": [_table(table, report, lang) for table in report.tables],
        "charts": [_chart(chart, lang) for chart in report.charts],
        "extra": dict(sorted(report.extra.items())),
    }


def _table(table: Table, report: Report, lang: str) -> dict[str, Any]:
    def row(cells: tuple[Cell, ...]) -> dict[str, Any]:
        return {
            column.key: _cell(value, column, report)
            for column, value in zip(table.columns, cells, strict=True)
        }

    return {
        "key": table.key,
        "title": table.title(lang),
        "note": table.note(lang) if table.note else None,
        "columns": [_column(column, report, lang) for column in table.columns],
        "rows": [row(cells) for cells in table.rows],
        "totals": row(table.totals) if table.totals is not None else None,
    }


def _column(column: Column, report: Report, lang: str) -> dict[str, Any]:
    described: dict[str, Any] = {
        "key": column.key,
        "label": column.label(lang),
        "kind": column.kind.value,
        "total": column.total,
    }
    if column.kind is Kind.MONEY:
        described["currency"] = currency_of(column, report)
    return described


def _cell(value: Cell, column: Column, report: Report) -> Any:
    if value is None:
        return None
    if column.kind is Kind.MONEY and not isinstance(value, str):
        return {"amount": f"{cents(value):f}", "currency": currency_of(column, report)}
    return _value(value)


def _value(value: Cell) -> Any:
    """int and str as themselves, None as null, everything else as its plain text."""
    if value is None or isinstance(value, int | str):
        return value
    return plain(value)


def _chart(chart: Chart, lang: str) -> dict[str, Any]:
    return {
        "key": chart.key,
        "title": chart.title(lang),
        "categories": [category(lang) for category in chart.categories],
        "series": [
            {"label": s.label(lang), "values": [plain(v) for v in s.values]} for s in chart.series
        ],
    }
