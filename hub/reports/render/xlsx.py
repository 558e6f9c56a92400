"""A report as an XLSX workbook (XlsxWriter): a cover sheet with the facts and the
provenance, one sheet per table and one per chart.

Cells are typed (numbers with money, percent and integer formats, real dates), total rows
are SUM formulas over the rows for the columns marked ``total`` with the builder's total
cached as the formula's value (viewers that do not recalculate show it), header rows are
frozen. Text is never read as a formula or a link, whatever a partner typed.

The bytes depend only on the report: XlsxWriter dates every zip entry 1980-01-01, and the
document's created/modified time is the report's date (``provenance.as_of``).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from hub.reports.model import Cell, Chart, Column, Kind, Report, Table
from hub.reports.render import labels
from hub.reports.render.cells import (
    cents,
    command_line,
    cover,
    header,
    in_language,
    plain,
    total_label,
    utc,
)
from hub.reports.render.sheet_names import SheetNames

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.PERCENT: "0.00%",
    Kind.INTEGER: "#,##0",
    Kind.DECIMAL: "#,##0.00",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm:ss",
}
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def render_xlsx(report: Report, lang: str) -> bytes:
    report = in_language(report, lang)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, _OPTIONS)
    workbook.set_properties(
        {
            "title": report.title(lang),
            "subject": f"{report.project} — {report.kind}",
            "author": labels.AUTHOR,
            "company": "Occitanie en scène",
            "comments": command_line(report, "xlsx", lang),
            "created": _naive(report.provenance.as_of),
        }
    )
    styles = _Styles(workbook)
    names = SheetNames()
    _cover_sheet(workbook.add_worksheet(names.unique(labels.REPORT(lang))), report, lang, styles)
    for table in report.tables:
        sheet = workbook.add_worksheet(names.unique(table.title(lang)))
        _table_sheet(sheet, table, report, lang, styles)
    for chart in report.charts:
        name = names.unique(chart.title(lang))
        _chart_sheet(workbook, workbook.add_worksheet(name), name, chart, lang, styles)
    workbook.close()
    return out.getvalue()


class _Styles:
    def __init__(self, workbook: Any) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE4EE",
             "bottom": 1})  # fmt: skip
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.text = workbook.add_format({"valign": "top", "text_wrap": True})
        self.note = workbook.add_format({"italic": True})
        self.cells = {
            kind: workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()
        }
        self.totals = {
            kind: workbook.add_format({"num_format": f, "bold": True, "top": 1})
            for kind, f in NUMBER_FORMATS.items()
        }
        self.total_text = workbook.add_format({"bold": True, "top": 1})

    def of(self, kind: Kind, total: bool = False) -> Any:
        if kind is Kind.TEXT:
            return self.total_text if total else None
        return (self.totals if total else self.cells)[kind]


def _cover_sheet(sheet: Any, report: Report, lang: str, styles: _Styles) -> None:
    sheet.write_string(0, 0, report.title(lang), styles.title)
    for row, (label, value) in enumerate(cover(report, "xlsx", lang), start=2):
        sheet.write_string(row, 0, label, styles.label)
        if isinstance(value, str):
            sheet.write_string(row, 1, value, styles.text)
        else:
            _write(sheet, row, 1, value, Kind.TEXT, styles)
    sheet.set_column(0, 0, 45)
    sheet.set_column(1, 1, 90)


def _table_sheet(sheet: Any, table: Table, report: Report, lang: str, styles: _Styles) -> None:
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, header(column, report, lang), styles.header)
    for row, cells in enumerate(table.rows, start=1):
        for col, (column, value) in enumerate(zip(table.columns, cells, strict=True)):
            _write(sheet, row, col, value, column.kind, styles)
    last = len(table.rows)
    if table.totals is not None:
        _totals_row(sheet, table, last + 1, lang, styles)
        last += 1
    if table.note is not None:
        sheet.write_string(last + 2, 0, table.note(lang), styles.note)
    sheet.freeze_panes(1, 0)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, _width(column, col, table, report, lang))


def _totals_row(sheet: Any, table: Table, row: int, lang: str, styles: _Styles) -> None:
    assert table.totals is not None
    cells = (total_label(table.columns, table.totals, lang), *table.totals[1:])
    for col, (column, value) in enumerate(zip(table.columns, cells, strict=True)):
        if column.total and table.rows and column.kind is not Kind.TEXT:
            first, end = xl_rowcol_to_cell(1, col), xl_rowcol_to_cell(row - 1, col)
            cached = value if value is not None else _sum(table, col)
            style = styles.of(column.kind, total=True)
            sheet.write_formula(
                row, col, f"=SUM({first}:{end})", style, _number(cached, column.kind)
            )
        else:
            _write(sheet, row, col, value, column.kind, styles, total=True)


def _chart_sheet(
    workbook: Any, sheet: Any, name: str, chart: Chart, lang: str, styles: _Styles
) -> None:
    """The chart's numbers as a small table, and a native bar chart drawn from them."""
    sheet.write_string(0, 0, chart.title(lang), styles.header)
    for row, category in enumerate(chart.categories, start=1):
        sheet.write_string(row, 0, category(lang))
    bars = workbook.add_chart({"type": "column"})
    quoted = "'" + name.replace("'", "''") + "'"
    count = len(chart.categories)
    for col, series in enumerate(chart.series, start=1):
        sheet.write_string(0, col, series.label(lang), styles.header)
        for row, value in enumerate(series.values, start=1):
            sheet.write_number(row, col, float(value), styles.cells[Kind.MONEY])
        bars.add_series(
            {
                "name": [name, 0, col],
                "categories": f"={quoted}!$A$2:$A${count + 1}",
                "values": [name, 1, col, count, col],
            }
        )
    bars.set_title({"name": chart.title(lang)})
    bars.set_size({"width": 900, "height": 420})
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(chart.series), 18)
    sheet.freeze_panes(1, 0)
    sheet.insert_chart(count + 3, 0, bars)


def _write(
    sheet: Any, row: int, col: int, value: Cell, kind: Kind, styles: _Styles, total: bool = False
) -> None:
    if kind is Kind.TEXT and value is not None and not isinstance(value, str):
        kind = _kind_of(value)  # a date or a number in a text column keeps its type
    style = styles.of(kind, total)
    if value is None:
        if style is not None:
            sheet.write_blank(row, col, None, style)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, _naive(value), style)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), style)
    elif isinstance(value, int | Decimal):
        sheet.write_number(row, col, _number(value, kind), style)
    else:
        sheet.write_string(row, col, str(value), style)


def _number(value: Cell, kind: Kind) -> float:
    if not isinstance(value, int | Decimal):
        return 0.0
    return float(cents(value)) if kind is Kind.MONEY else float(value)


def _sum(table: Table, col: int) -> Decimal:
    return sum(
        (Decimal(r[col]) for r in table.rows if isinstance(r[col], int | Decimal)), Decimal(0)
    )


def _kind_of(value: Cell) -> Kind:
    if isinstance(value, datetime):
        return Kind.DATETIME
    if isinstance(value, date):
        return Kind.DATE
    if isinstance(value, int):
        return Kind.INTEGER
    if isinstance(value, Decimal):
        return Kind.DECIMAL
    return Kind.TEXT


def _width(column: Column, col: int, table: Table, report: Report, lang: str) -> float:
    """Wide enough for the longest value (and the header's longest word), within limits."""
    longest = max((len(plain(row[col], column.kind)) for row in table.rows), default=0)
    words = max((len(word) for word in header(column, report, lang).split()), default=0)
    extra = 4 if column.kind in (Kind.MONEY, Kind.DECIMAL, Kind.INTEGER) else 2
    return float(min(60, max(10, longest + extra, words + 2)))


def _naive(moment: datetime) -> datetime:
    """Excel has no time zones: UTC, without the zone."""
    return utc(moment).replace(tzinfo=None)
