"""How each finance event changes the read model (see ``finance``).

``IN_MEMORY`` handlers change the rows a batch holds (reports, lines, flat rates,
deductions, payments); ``IMMEDIATE`` ones write rare facts (projects, plans) at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import asyncpg

from hub.eventstore import RecordedEvent
from projections.read_models.finance_tables import flat_rate_category
from projections.read_models.values import amount, currency, day

if TYPE_CHECKING:
    from projections.read_models.finance import Batch

ZERO = Decimal(0)


def _touch(row: dict[str, Any], event: RecordedEvent, **changes: Any) -> None:
    row.update(changes, updated_at=event.recorded_at, last_position=event.position)


def opened(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    period = p["reporting_period"]
    batch.new_reports.add(event.stream_id)
    batch.reports[event.stream_id] = {
        "report_id": event.stream_id, "project_id": p["project_id"],
        "partner_id": p["partner_id"], "period_number": period["number"],
        "period_start": day(period["period"]["start"]), "period_end": day(period["period"]["end"]),
        "plan_version": p["plan_version"], "currency": p["currency"], "state": "draft",
        "lines": 0, "submitted_on": None, "submitted_by": None, "reopenings": 0,
        "reopen_reason": None, "control_started_on": None, "controller": None,
        "second_reviewer": None, "certified_on": None, "certified_by": None,
        "eligible_total": None, "opened_at": event.recorded_at,
        "updated_at": event.recorded_at, "last_position": event.position,
    }  # fmt: skip
    for flat in p["flat_rates"]:
        batch.flat_rates[(event.stream_id, flat["kind"])] = {
            "report_id": event.stream_id, "kind": flat["kind"], "rate": flat["rate"],
            "cost_category": flat_rate_category(flat["kind"]), "validated_base": None,
            "validated_amount": None,
        }  # fmt: skip


def declared(batch: Batch, event: RecordedEvent) -> None:
    report = batch.reports[event.stream_id]
    line = event.payload["line"]
    rate = line["exchange_rate"] or {}
    in_report = line["declared_in_report_currency"]
    batch.new_lines.add((event.stream_id, line["number"]))
    batch.lines[(event.stream_id, line["number"])] = {
        "report_id": event.stream_id, "line_number": line["number"],
        "project_id": report["project_id"], "partner_id": report["partner_id"],
        "period_number": report["period_number"], "cost_category": line["category"],
        "description": line["description"], "supplier": line["supplier"],
        "invoice_number": line["invoice_number"], "invoice_date": day(line["invoice_date"]),
        "payment_date": day(line["payment_date"]), "declared_amount": amount(line["declared"]),
        "declared_currency": currency(line["declared"]), "vat": amount(line["vat"]),
        "vat_recoverable": line["vat_recoverable"], "exchange_rate": rate.get("rate"),
        "rate_date": day(rate.get("rate_date")), "rate_source": rate.get("source"),
        "amount": amount(in_report), "currency": currency(in_report), "withdrawn": False,
        "sampled": False, "deducted": ZERO, "deductions": 0, "last_error_type": None,
        "parked": False, "park_reason": None, "declared_at": event.recorded_at,
        "updated_at": event.recorded_at, "last_position": event.position,
    }  # fmt: skip
    _touch(report, event, lines=report["lines"] + 1)


def _line(batch: Batch, event: RecordedEvent) -> dict[str, Any]:
    return batch.lines[(event.stream_id, event.payload["line_number"])]


def withdrawn(batch: Batch, event: RecordedEvent) -> None:
    _touch(_line(batch, event), event, withdrawn=True)
    report = batch.reports[event.stream_id]
    _touch(report, event, lines=report["lines"] - 1)


def sampled(batch: Batch, event: RecordedEvent) -> None:
    _touch(_line(batch, event), event, sampled=True)


def deduction_made(batch: Batch, event: RecordedEvent) -> None:
    line, deduction = _line(batch, event), event.payload["deduction"]
    money = deduction["amount"]
    deducted = Decimal(line["deducted"]) + Decimal(money["amount"])
    _touch(
        line, event, deducted=deducted, deductions=line["deductions"] + 1,
        last_error_type=deduction["error_type"],
    )  # fmt: skip
    batch.deductions.append(
        (
            event.position, event.stream_id, line["line_number"], Decimal(money["amount"]),
            money["currency"], deduction["error_type"], deduction["comment"],
            event.metadata.get("actor"), event.recorded_at,
        )
    )  # fmt: skip


def parked(batch: Batch, event: RecordedEvent) -> None:
    _touch(_line(batch, event), event, parked=True, park_reason=event.payload["reason"])


def reincluded(batch: Batch, event: RecordedEvent) -> None:
    _touch(_line(batch, event), event, parked=False, park_reason=None)


def _report(batch: Batch, event: RecordedEvent, **changes: Any) -> None:
    _touch(batch.reports[event.stream_id], event, **changes)


def submitted(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    _report(
        batch, event, state="submitted", submitted_on=day(p["submitted_on"]),
        submitted_by=p["submitted_by"],
    )  # fmt: skip


def reopened(batch: Batch, event: RecordedEvent) -> None:
    report = batch.reports[event.stream_id]
    reason = event.payload["reason"]
    _touch(report, event, state="draft", reopenings=report["reopenings"] + 1, reopen_reason=reason)


def control_started(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    _report(
        batch, event, state="in_control", control_started_on=day(p["started_on"]),
        controller=p["controller"],
    )  # fmt: skip


def second_reviewer(batch: Batch, event: RecordedEvent) -> None:
    _report(batch, event, second_reviewer=event.payload["reviewer"])


def certified(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    _report(
        batch, event, state="certified", certified_on=day(p["certified_on"]),
        certified_by=p["certified_by"], eligible_total=amount(p["eligible_total"]),
    )  # fmt: skip
    for flat in p["flat_rate_amounts"]:
        batch.flat_rates[(event.stream_id, flat["kind"])] = {
            "report_id": event.stream_id, "kind": flat["kind"], "rate": flat["rate"],
            "cost_category": flat_rate_category(flat["kind"]),
            "validated_base": amount(flat["base"]), "validated_amount": amount(flat["amount"]),
        }  # fmt: skip


def payment_authorised(batch: Batch, event: RecordedEvent) -> None:
    p = event.payload
    batch.new_payments.add(event.stream_id)
    batch.payments[event.stream_id] = {
        "payment_id": event.stream_id, "project_id": p["project_id"],
        "partner_id": p["partner_id"], "fund": p["fund"], "kind": p["kind"],
        "sequence": p["sequence"], "amount": amount(p["amount"]),
        "currency": currency(p["amount"]), "authorised_by": p["authorised_by"],
        "authorised_on": day(p["authorised_on"]), "confirmed_by": None, "confirmed_on": None,
        "partner_reports": p["partner_reports"], "recorded_at": event.recorded_at,
    }  # fmt: skip


def payment_confirmed(batch: Batch, event: RecordedEvent) -> None:
    """Confirm a known payment (confirming an unknown one changes nothing)."""
    payment = batch.payments.get(event.stream_id)
    if payment is not None:
        p = event.payload
        payment.update(confirmed_by=p["confirmed_by"], confirmed_on=day(p["confirmed_on"]))


IN_MEMORY: dict[str, Callable[[Batch, RecordedEvent], None]] = {
    "PartnerReport.Opened": opened,
    "PartnerReport.ExpenditureDeclared": declared,
    "PartnerReport.ExpenditureWithdrawn": withdrawn,
    "PartnerReport.Submitted": submitted,
    "PartnerReport.Reopened": reopened,
    "PartnerReport.ControlStarted": control_started,
    "PartnerReport.LineSampled": sampled,
    "PartnerReport.DeductionMade": deduction_made,
    "PartnerReport.LineParked": parked,
    "PartnerReport.LineReincluded": reincluded,
    "PartnerReport.SecondReviewerAssigned": second_reviewer,
    "PartnerReport.Certified": certified,
    "Payment.Authorised": payment_authorised,
    "Payment.Confirmed": payment_confirmed,
}

# Rare facts, written as they come -------------------------------------------------------

_PROJECT = "INSERT INTO finance_projects (project_id, currency) VALUES ($1, $2)"
_FUND = "INSERT INTO finance_funds (project_id, fund, cofinancing_rate) VALUES ($1, $2, $3)"
_PLAN = "INSERT INTO finance_plans (plan_id, project_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
_PLAN_PROJECT = "SELECT project_id FROM finance_plans WHERE plan_id = $1"
_CLEAR_BUDGET = "DELETE FROM finance_budget WHERE project_id = $1"
_BUDGET = "INSERT INTO finance_budget VALUES ($1, $2, $3, $4, $5, $6, $7)"


async def project_registered(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    p = event.payload
    await connection.execute(_PROJECT, event.stream_id, p["currency"])
    funds = [(event.stream_id, f["fund"], f["cofinancing_rate"]) for f in p["funds"]]
    await connection.executemany(_FUND, funds)


async def plan_version(connection: asyncpg.Connection, event: RecordedEvent) -> None:
    """The budget of the newest plan version replaces the previous one."""
    project_id = event.payload.get("project_id")
    if project_id is not None:
        await connection.execute(_PLAN, event.stream_id, project_id)
    else:
        project_id = await connection.fetchval(_PLAN_PROJECT, event.stream_id)
    version = event.payload["version"]
    await connection.execute(_CLEAR_BUDGET, project_id)
    rows = [
        (
            project_id, b["partner_id"], b["category"], b["period_number"], amount(b["amount"]),
            currency(b["amount"]), version["number"],
        )
        for b in version["content"]["budget"]
    ]  # fmt: skip
    if rows:
        await connection.executemany(_BUDGET, rows)


IMMEDIATE: dict[str, Callable[[asyncpg.Connection, RecordedEvent], Awaitable[None]]] = {
    "Project.Registered": project_registered,
    "Plan.Adopted": plan_version,
    "Plan.ModificationApproved": plan_version,
}
