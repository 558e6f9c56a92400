"""The POCTEFA builder is a pure function of the events: fed events folded in memory
(no database), its figures follow the domain's rules (flat rate on the eligible base)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count
from typing import Any

from domain.expenditure import ErrorType
from domain.organisation import LegalStatus, Organisation, VatRecovery
from hub.reports.builders import BUILDERS
from hub.reports.builders.context import BuildContext
from hub.reports.builders.fold import Log, LoggedEvent
from hub.reports.catalogue import REPORT_KINDS
from hub.reports.model import Report, Table, Text
from tests.unit.builders import (
    declare,
    draft_report,
    eur,
    pyrenart,
    pyrenart_plan,
    report_in_control,
)

MOMENT = datetime(2021, 6, 1, tzinfo=UTC)


def log_of(*aggregates: Any) -> Log:
    positions = count(1)
    events = [
        LoggedEvent(next(positions), type(a).__name__, a.id, MOMENT, event)
        for a in aggregates
        for event in a.collect_events()
    ]
    return Log(len(events), "00" * 32, MOMENT, aggregates[0].id, tuple(events))


def row(table: Table, label: str) -> tuple[Any, ...]:
    return next(r for r in table.rows if isinstance(r[0], Text) and r[0].en == label)


def build(log: Log) -> Report:
    kind = REPORT_KINDS["poctefa-partner"]
    context = BuildContext(kind.name, kind.title, log, period=1, partner="Occitanie en scène")
    return BUILDERS[kind.name](context)


def test_a_deduction_on_staff_lowers_the_flat_rate_and_the_erdf_share() -> None:
    project = pyrenart()
    plan = pyrenart_plan(project)
    oes = Organisation.register(
        "Occitanie en scène", "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.NO,
    )  # fmt: skip
    report = report_in_control("1000.00", "3000.00")
    report.sample_line(2)
    report.deduct(2, eur("500.00"), ErrorType.MISSING_EVIDENCE, "no payslip")
    report.assign_second_reviewer("reviewer@cicc")
    report.certify(date(2021, 4, 1), "controller@cicc")

    built = build(log_of(project, plan, oes, report))

    categories = next(t for t in built.tables if t.key == "categories")
    staff, office = row(categories, "Staff costs"), row(categories, "Office and administration")
    columns = [c.key for c in categories.columns]
    at = {key: columns.index(key) for key in columns}
    assert staff[at["declared"]] == Decimal("4000.00")
    assert staff[at["sampled"]] == Decimal("3000.00")
    assert staff[at["deducted"]] == Decimal("500.00")
    assert staff[at["eligible"]] == Decimal("3500.00")
    assert office[at["declared"]] == Decimal("600.00")  # 15 % of 4000
    assert office[at["deducted"]] == Decimal("75.00")  # follows the staff deduction
    assert office[at["eligible"]] == Decimal("525.00")
    assert staff[at["budget"]] == Decimal("40000")
    assert staff[at["percent_of_budget"]] == Decimal("0.0875")
    funds = next(t for t in built.tables if t.key == "funds")
    assert row(funds, "ERDF")[4] == Decimal("2616.25")  # 65 % of 4025.00
    assert row(funds, "Partner contribution")[4] == Decimal("1408.75")
    assert built.provenance.command == (
        "hub report poctefa-partner --project PYRENART --period 1"
        f" --partner 'Occitanie en scène' --as-of {built.provenance.position}"
    )


def test_an_uncontrolled_report_leaves_the_control_columns_empty() -> None:
    project = pyrenart()
    plan = pyrenart_plan(project)
    oes = Organisation.register(
        "Occitanie en scène", "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.NO,
    )  # fmt: skip
    report = draft_report(project)
    declare(report, "250.00", project=project)
    built = build(log_of(project, plan, oes, report))
    categories = next(t for t in built.tables if t.key == "categories")
    eligible = [c.key for c in categories.columns].index("eligible")
    assert {r[eligible] for r in categories.rows} == {None}
    assert categories.note is not None
