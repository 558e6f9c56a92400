"""A report as one CSV file, in sections: the cover (label, value) first, then each table
under its title line, with its header, its rows and its total row; a blank line between
sections. One file rather than a zip of files: one download, readable as text.

UTF-8 with a byte-order mark, because French and Spanish Excel read accents right only
with it (and Python's "utf-8-sig", pandas and LibreOffice skip it). The values stay
machine-readable whatever the language: comma separator, '.' decimal point, money to the
cent, percentages as fractions (0.65 is 65 %), ISO 8601 dates; only labels are translated.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from hub.reports.model import Cell, Column, Report, Table
from hub.reports.render.cells import cover, header, in_language, plain, total_label


def render_csv(report: Report, lang: str) -> bytes:
    report = in_language(report, lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([report.title(lang)])
    writer.writerows([label, plain(value)] for label, value in cover(report, "csv", lang))
    for table in report.tables:
        writer.writerow([])
        _write_table(writer, table, report, lang)
    return out.getvalue().encode("utf-8-sig")


def _write_table(writer: Any, table: Table, report: Report, lang: str) -> None:
    writer.writerow([table.title(lang)])
    writer.writerow([header(column, report, lang) for column in table.columns])
    writer.writerows(_row(table.columns, cells) for cells in table.rows)
    if table.totals is not None:
        first = total_label(table.columns, table.totals, lang)
        writer.writerow(_row(table.columns, (first, *table.totals[1:])))
    if table.note is not None:
        writer.writerow([table.note(lang)])


def _row(columns: tuple[Column, ...], cells: tuple[Cell, ...]) -> list[str]:
    return [plain(value, column.kind) for column, value in zip(columns, cells, strict=True)]
