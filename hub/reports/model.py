"""What a funder report is, independent of its format: titled tables (and charts) with typed
columns, labels in French, Spanish and English, and the provenance that lets anyone rebuild
it. Builders (``hub.reports.builders``) produce a ``Report`` from the events up to a
position; renderers (``hub.reports.render``) turn one into JSON, CSV, XLSX or PDF bytes.

Everything here is plain data: no clock, no database, so the same events give the same
``Report`` and the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

LANGUAGES = ("en", "fr", "es")


@dataclass(frozen=True)
class Text:
    """One label in the three languages the hub's partners report in."""

    en: str
    fr: str
    es: str

    def __call__(self, lang: str) -> str:
        return {"en": self.en, "fr": self.fr, "es": self.es}.get(lang, self.en)


class Kind(StrEnum):
    """How a column's values are typed (and so how a spreadsheet cell is written)."""

    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # Decimal, in the report's currency unless the column says otherwise
    PERCENT = "percent"  # Decimal fraction: 0.65 means 65 %
    DECIMAL = "decimal"  # a quantity (kg CO2e, km…)
    DATE = "date"
    DATETIME = "datetime"


# A ``Text`` cell is a label (cost category, status…) written in the rendering language.
Cell = str | int | Decimal | date | datetime | Text | None


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    kind: Kind = Kind.TEXT
    currency: str | None = None  # for MONEY columns not in the report's currency (CAD…)
    total: bool = False  # whether the table's total row sums this column


@dataclass(frozen=True)
class Table:
    key: str
    title: Text
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # A last row of totals, computed by the builder (so JSON/CSV/PDF carry it); XLSX writes
    # SUM formulas over the rows for the columns marked ``total``.
    totals: tuple[Cell, ...] | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Series:
    label: Text
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart (e.g. budget vs declared vs validated per cost category)."""

    key: str
    title: Text
    categories: tuple[Text, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Provenance:
    """Where the report comes from: enough to rebuild it and to check the log it read."""

    position: int  # the last log position the report includes
    head_hash: str  # hex of the chain hash at that position
    as_of: datetime  # recorded_at of the event at ``position``: the report's date
    plan_version: int | None  # the plan version in force that was used, if any
    command: str  # the `hub report …` command line that rebuilds this report


@dataclass(frozen=True)
class Report:
    kind: str  # e.g. "poctefa-partner", "project", "creative-europe", …
    title: Text
    project: str  # the project's acronym
    project_id: str
    currency: str
    provenance: Provenance
    period: str | None = None  # reporting period label, e.g. "P2" (None: whole project)
    partner: str | None = None  # the partner organisation's name, for partner reports
    facts: tuple[tuple[Text, Cell], ...] = ()  # header block: programme, fund, period dates…
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
