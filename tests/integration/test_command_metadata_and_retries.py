"""Metadata on every event, idempotency keys, and concurrent commands on one aggregate."""

import asyncio
from datetime import date
from uuid import uuid4

import pytest

from domain.expenditure import PartnerReport
from hub import commands as c
from hub.database import Database
from hub.eventstore import EventStore
from hub.store_errors import IdempotencyKeyReused
from tests.integration.command_fixtures import context, draft_report, payslip, running_project


async def test_every_stored_event_carries_the_callers_metadata(database: Database) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    key, correlation = f"declare-{uuid4()}", str(uuid4())
    result = await story.bus.execute(
        payslip(report_id), context(idempotency_key=key, correlation_id=correlation)
    )
    events = await EventStore(database.pool, ()).read_stream(str(report_id))
    assert [e.metadata["actor"] for e in events] == ["marie.dupont@occitanie-en-scene.fr"] * 2
    assert {e.metadata["organisation"] for e in events} == {"occitanie-en-scene"}
    assert {e.metadata["client_id"] for e in events} == {"console"}
    assert all(e.metadata["correlation_id"] for e in events)
    last = events[-1]
    assert last.position == result.position
    assert last.metadata["correlation_id"] == correlation
    assert last.metadata["idempotency_key"] == key
    assert last.metadata["command"] == "DeclareExpenditure"
    assert last.metadata["subject"] == "user:marie"


async def test_a_repeated_idempotency_key_appends_nothing_and_returns_the_first_result(
    database: Database,
) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    key = f"declare-{uuid4()}"
    first = await story.run(payslip(report_id, "100.00"), idempotency_key=key)
    again = await story.run(payslip(report_id, "100.00"), idempotency_key=key)
    assert (again.stream_id, again.position, again.positions) == (
        first.stream_id, first.position, first.positions,
    )  # fmt: skip
    assert again.duplicate and not first.duplicate
    report = await story.bus.repository.get(PartnerReport, report_id)
    assert list(report.lines) == [1]


async def test_an_idempotency_key_reused_for_another_command_is_refused(
    database: Database,
) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    key = f"k-{uuid4()}"
    await story.run(payslip(report_id), idempotency_key=key)
    with pytest.raises(IdempotencyKeyReused):
        await story.run(c.SubmitPartnerReport(report_id, date(2020, 1, 5), "ana"),
                        idempotency_key=key)  # fmt: skip


async def test_concurrent_declarations_on_one_report_all_succeed_through_retries(
    database: Database,
) -> None:
    story = await running_project(database)
    report_id = await draft_report(story)
    amounts = ["100.00", "200.00", "300.00"]
    results = await asyncio.gather(*(story.run(payslip(report_id, a)) for a in amounts))
    assert sorted(r.stream_version for r in results) == [2, 3, 4]
    report = await story.bus.repository.get(PartnerReport, report_id)
    assert sorted(str(line.declared.amount) for line in report.lines.values()) == amounts
    assert sorted(report.lines) == [1, 2, 3]
