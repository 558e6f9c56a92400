"""Finance: budget vs declared vs validated vs paid, partner reports and their
expenditure lines with the outcome of first-level control, and payments.

The high-volume events (expenditure, control and payments) go through ``apply_batch``: the
batch loads the reports, lines and payments it touches, applies every event to them in
memory, in log order, and writes each changed row back once (new rows by COPY, changed
ones by one ``unnest`` statement per table). Projects and plans are rare and written as
they come.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import asyncpg

from hub.eventstore import RecordedEvent
from projections.projection import Projection
from projections.read_models import finance_events
from projections.read_models.batching import relaxed
from projections.read_models.finance_tables import TABLES
from projections.read_models.tables import Rows, insert, load, update, upsert

REPORTS = Rows(
    "partner_reports",
    (
        ("report_id", "uuid"), ("project_id", "uuid"), ("partner_id", "uuid"),
        ("period_number", "int"), ("period_start", "date"), ("period_end", "date"),
        ("plan_version", "int"), ("currency", "text"), ("state", "text"), ("lines", "int"),
        ("submitted_on", "date"), ("submitted_by", "text"), ("reopenings", "int"),
        ("reopen_reason", "text"), ("control_started_on", "date"), ("controller", "text"),
        ("second_reviewer", "text"), ("certified_on", "date"), ("certified_by", "text"),
        ("eligible_total", "numeric"), ("opened_at", "timestamptz"),
        ("updated_at", "timestamptz"), ("last_position", "bigint"),
    ),
    ("report_id",),
)  # fmt: skip

LINES = Rows(
    "expenditure_lines",
    (
        ("report_id", "uuid"), ("line_number", "int"), ("project_id", "uuid"),
        ("partner_id", "uuid"), ("period_number", "int"), ("cost_category", "text"),
        ("description", "text"), ("supplier", "text"), ("invoice_number", "text"),
        ("invoice_date", "date"), ("payment_date", "date"), ("declared_amount", "numeric"),
        ("declared_currency", "text"), ("vat", "numeric"), ("vat_recoverable", "bool"),
        ("exchange_rate", "numeric"), ("rate_date", "date"), ("rate_source", "text"),
        ("amount", "numeric"), ("currency", "text"), ("withdrawn", "bool"), ("sampled", "bool"),
        ("deducted", "numeric"), ("deductions", "int"), ("last_error_type", "text"),
        ("parked", "bool"), ("park_reason", "text"), ("declared_at", "timestamptz"),
        ("updated_at", "timestamptz"), ("last_position", "bigint"),
    ),
    ("report_id", "line_number"),
)  # fmt: skip

# What control changes on a declared line: lines are loaded and written back with these.
LINE_CHANGES = Rows(
    "expenditure_lines",
    (
        ("report_id", "uuid"), ("line_number", "int"), ("withdrawn", "bool"),
        ("sampled", "bool"), ("deducted", "numeric"), ("deductions", "int"),
        ("last_error_type", "text"), ("parked", "bool"), ("park_reason", "text"),
        ("updated_at", "timestamptz"), ("last_position", "bigint"),
    ),
    ("report_id", "line_number"),
)  # fmt: skip

FLAT_RATES = Rows(
    "report_flat_rates",
    (
        ("report_id", "uuid"), ("kind", "text"), ("rate", "numeric"), ("cost_category", "text"),
        ("validated_base", "numeric"), ("validated_amount", "numeric"),
    ),
    ("report_id", "kind"),
)  # fmt: skip

PAYMENT_COLUMNS = (
    "payment_id", "project_id", "partner_id", "fund", "kind", "sequence", "amount", "currency",
    "authorised_by", "authorised_on", "confirmed_by", "confirmed_on", "partner_reports",
    "recorded_at",
)  # fmt: skip

_CONFIRMED = """
UPDATE payments AS p SET confirmed_by = c.confirmed_by, confirmed_on = c.confirmed_on
FROM unnest($1::uuid[], $2::text[], $3::date[]) AS c(payment_id, confirmed_by, confirmed_on)
WHERE p.payment_id = c.payment_id
"""
_PAYMENTS = "SELECT payment_id FROM payments WHERE payment_id = ANY($1::uuid[])"

DEDUCTION_COLUMNS = (
    "position", "report_id", "line_number", "amount", "currency", "error_type", "comment",
    "actor", "recorded_at",
)  # fmt: skip

_LINE_EVENTS = frozenset(
    {
        "PartnerReport.ExpenditureWithdrawn",
        "PartnerReport.LineSampled",
        "PartnerReport.DeductionMade",
        "PartnerReport.LineParked",
        "PartnerReport.LineReincluded",
    }
)


class Batch:
    """The reports, lines and flat rates one batch changes, and its new deductions."""

    def __init__(self) -> None:
        self.reports: dict[str, dict[str, Any]] = {}
        self.lines: dict[tuple[str, int], dict[str, Any]] = {}
        self.flat_rates: dict[tuple[str, str], dict[str, Any]] = {}
        self.deductions: list[tuple[Any, ...]] = []
        self.new_reports: set[str] = set()
        self.new_lines: set[tuple[str, int]] = set()
        self.payments: dict[str, dict[str, Any]] = {}
        self.new_payments: set[str] = set()

    async def load(self, connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
        opened, declared, authorised = set(), set(), set()
        report_ids, line_keys, payment_ids = set(), set(), set()
        for event in events:
            kind, stream = event.event_type, event.stream_id
            if kind == "Payment.Authorised":
                authorised.add(stream)
            elif kind == "Payment.Confirmed" and stream not in authorised:
                payment_ids.add(stream)
            if kind == "PartnerReport.Opened":
                opened.add(stream)
            elif kind.startswith("PartnerReport.") and stream not in opened:
                report_ids.add(stream)
            if kind == "PartnerReport.ExpenditureDeclared":
                declared.add((stream, event.payload["line"]["number"]))
            elif kind in _LINE_EVENTS:
                key = (stream, event.payload["line_number"])
                if key not in declared:
                    line_keys.add(key)
        for row in await load(connection, REPORTS, [(r,) for r in sorted(report_ids)]):
            self.reports[str(row["report_id"])] = row
        for row in await load(connection, LINE_CHANGES, sorted(line_keys)):
            self.lines[(str(row["report_id"]), row["line_number"])] = row
        if payment_ids:
            # Confirming sets two columns: an empty row marks the payment as known.
            for (payment_id,) in await connection.fetch(_PAYMENTS, sorted(payment_ids)):
                self.payments[str(payment_id)] = {}

    async def save(self, connection: asyncpg.Connection) -> None:
        await _write(connection, REPORTS, self.reports, self.new_reports)
        await _write(connection, LINES, self.lines, self.new_lines, LINE_CHANGES)
        await _write(connection, FLAT_RATES, self.flat_rates, set())
        if self.deductions:
            await connection.copy_records_to_table(
                "expenditure_deductions", records=self.deductions, columns=DEDUCTION_COLUMNS
            )
        await self._save_payments(connection)

    async def _save_payments(self, connection: asyncpg.Connection) -> None:
        created, confirmed = [], []
        for key, payment in self.payments.items():
            if key in self.new_payments:
                created.append(tuple(payment[name] for name in PAYMENT_COLUMNS))
            elif payment:
                confirmed.append((key, payment["confirmed_by"], payment["confirmed_on"]))
        if created:
            await connection.copy_records_to_table(
                "payments", records=created, columns=PAYMENT_COLUMNS
            )
        if confirmed:
            await connection.execute(_CONFIRMED, *(list(c) for c in zip(*confirmed, strict=True)))


async def _write(
    connection: asyncpg.Connection,
    rows: Rows,
    values: dict[Any, dict[str, Any]],
    new: set[Any],
    changes: Rows | None = None,
) -> None:
    """COPY the rows this batch created; write back the ones it loaded and changed (an
    upsert of every column, or an update of the ``changes`` columns)."""
    whole = itemgetter(*rows.names)
    changed_columns = whole if changes is None else itemgetter(*changes.names)
    created, changed = [], []
    for key, value in values.items():
        if key in new:
            created.append(whole(value))
        else:
            changed.append(changed_columns(value))
    await insert(connection, rows, created)
    if changes is None:
        await upsert(connection, rows, changed)
    else:
        await update(connection, changes, changed)


async def apply_batch(connection: asyncpg.Connection, events: Sequence[RecordedEvent]) -> None:
    batch = Batch()
    await batch.load(connection, events)
    for event in events:
        in_memory = finance_events.IN_MEMORY.get(event.event_type)
        if in_memory is not None:
            in_memory(batch, event)
        else:
            await finance_events.IMMEDIATE[event.event_type](connection, event)
    await batch.save(connection)


PROJECTION = Projection(
    "finance",
    1,
    TABLES,
    apply_batch=relaxed(apply_batch),
    event_types=frozenset(finance_events.IN_MEMORY) | frozenset(finance_events.IMMEDIATE),
)
