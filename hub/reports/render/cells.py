"""How cells, headers and the provenance block read, shared by every format.

Money is rounded to the cent (half up) in every format, so a total in one format is the
total in every other. Machine-readable forms (JSON, CSV) use a '.' decimal point and ISO
8601 dates whatever the language; the PDF writes numbers the way the language does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from hub.reports.model import Cell, Column, Kind, Report, Table, Text
from hub.reports.render import labels

CENT = Decimal("0.01")


def in_language(report: Report, lang: str) -> Report:
    """The report with every label cell (a ``Text``) written in ``lang``."""

    def cells(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(written(value, lang) for value in row)

    def table(t: Table) -> Table:
        totals = None if t.totals is None else cells(t.totals)
        return replace(t, rows=tuple(cells(row) for row in t.rows), totals=totals)

    facts = tuple((label, written(value, lang)) for label, value in report.facts)
    return replace(report, facts=facts, tables=tuple(table(t) for t in report.tables))


def written(value: Cell, lang: str) -> Cell:
    return value(lang) if isinstance(value, Text) else value


def cents(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def currency_of(column: Column, report: Report) -> str:
    return column.currency or report.currency


def header(column: Column, report: Report, lang: str) -> str:
    """A column's label, with its currency for money columns ("Budget (EUR)")."""
    if column.kind is Kind.MONEY:
        return f"{column.label(lang)} ({currency_of(column, report)})"
    return column.label(lang)


def plain(value: Cell, kind: Kind | None = None) -> str:
    """The machine-readable text of a cell: '.' decimals, ISO dates, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal) and kind is Kind.MONEY:
        return f"{cents(value):f}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def command_line(report: Report, fmt: str, lang: str) -> str:
    return f"{report.provenance.command} --format {fmt} --lang {lang}"


def cover(report: Report, fmt: str, lang: str) -> list[tuple[str, Cell]]:
    """The facts block then the provenance block, as (label, value) in the language."""
    rows: list[tuple[Text, Cell]] = [(labels.PROJECT, report.project)]
    if report.partner is not None:
        rows.append((labels.PARTNER, report.partner))
    if report.period is not None:
        rows.append((labels.PERIOD, report.period))
    rows.append((labels.CURRENCY, report.currency))
    rows.extend(report.facts)
    return [(label(lang), value) for label, value in rows] + provenance(report, fmt, lang)


def provenance(report: Report, fmt: str, lang: str) -> list[tuple[str, Cell]]:
    source = report.provenance
    plan = labels.NONE(lang) if source.plan_version is None else source.plan_version
    return [
        (labels.POSITION(lang), source.position),
        (labels.HEAD_HASH(lang), source.head_hash),
        (labels.AS_OF(lang), utc(source.as_of)),
        (labels.PLAN_VERSION(lang), plan),
        (labels.COMMAND(lang), command_line(report, fmt, lang)),
    ]


def total_label(table_columns: tuple[Column, ...], totals: tuple[Cell, ...], lang: str) -> Cell:
    """The first cell of a total row: the builder's, or "Total" when it left a text column
    empty."""
    first = totals[0] if totals else None
    if first is None and table_columns and table_columns[0].kind is Kind.TEXT:
        return labels.TOTAL(lang)
    return first
