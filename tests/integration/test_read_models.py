"""The read models against a real PostgreSQL: a story told through the command bus, the
runner caught up, then the ``read`` views queried the way the API and console will."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest

from hub import commands as c
from hub.database import Database
from hub.handlers import bootstrap
from projections.catalogue import ALL_PROJECTIONS
from tests.integration.projection_fixtures import running
from tests.integration.read_model_fixtures import (
    CONTACT,
    Story,
    allow_generation_schemas,
    read,
    run,
    tell_story,
)
from tests.integration.test_read_model_crash import read_model_digests


@pytest.fixture
async def story(fresh_database: Database) -> AsyncIterator[Story]:
    db = fresh_database
    await allow_generation_schemas(db.dsn)
    told = await tell_story(bootstrap(db.pool))
    async with running(db.dsn, db.pool, ALL_PROJECTIONS) as runner:
        await runner.run_until_caught_up()
    yield told


async def caught_up(db: Database) -> None:
    async with running(db.dsn, db.pool, ALL_PROJECTIONS) as runner:
        await runner.run_until_caught_up()


async def test_budget_declared_validated_and_paid_add_up_for_a_partner(
    fresh_database: Database, story: Story
):
    cells = await read(
        fresh_database.pool,
        "SELECT cost_category, period_number, budget, in_draft, declared, validated"
        ' FROM "read".finance_figures WHERE partner_id = $1 ORDER BY cost_category',
        story.grainerie,
    )
    assert [tuple(cell.values()) for cell in cells] == [
        ("office_and_administration", 1, 0, 0, Decimal("150.00"), Decimal("135.00")),
        ("staff", 1, Decimal("40000"), 0, Decimal("1000.00"), Decimal("900.00")),
        ("travel_and_accommodation", 1, Decimal("8000"), 0, Decimal("400.00"), Decimal("400.00")),
    ]
    (fund,) = await read(
        fresh_database.pool,
        "SELECT fund, budget, declared, validated, validated_share, authorised, paid"
        ' FROM "read".finance_by_fund WHERE partner_id = $1',
        story.grainerie,
    )
    assert fund == {
        "fund": "erdf", "budget": Decimal("48000"), "declared": Decimal("1550.00"),
        "validated": Decimal("1435.00"), "validated_share": Decimal("932.75"),
        "authorised": Decimal("932.75"), "paid": Decimal("932.75"),
    }  # fmt: skip


async def test_expenditure_lines_show_the_outcome_of_control(
    fresh_database: Database, story: Story
):
    lines = await read(
        fresh_database.pool,
        "SELECT line_number, amount, declared_amount, declared_currency, exchange_rate,"
        " withdrawn, sampled, deducted, last_error_type, parked, eligible"
        ' FROM "read".expenditure_lines WHERE report_id = $1 ORDER BY line_number',
        story.report,
    )
    assert [tuple(line.values()) for line in lines] == [
        (1, Decimal("1000.00"), Decimal("1000.00"), "EUR", None, False, True,
         Decimal("100.00"), "missing_evidence", False, Decimal("900.00")),
        (2, Decimal("400.00"), Decimal("593.48"), "CAD", Decimal("1.4837"), False, False,
         Decimal("0"), None, False, Decimal("400.00")),
        (3, Decimal("75.00"), Decimal("75.00"), "EUR", None, True, False, Decimal("0"), None,
         False, Decimal("0")),
    ]  # fmt: skip
    (report,) = await read(
        fresh_database.pool,
        "SELECT state, lines, controller, second_reviewer, eligible_total, certified_on"
        ' FROM "read".partner_reports WHERE report_id = $1',
        story.report,
    )
    assert report == {
        "state": "certified", "lines": 2, "controller": "user:controller",
        "second_reviewer": "user:reviewer", "eligible_total": Decimal("1435.00"),
        "certified_on": date(2021, 4, 1),
    }  # fmt: skip
    deductions = await read(
        fresh_database.pool,
        'SELECT line_number, amount, error_type, actor FROM "read".expenditure_deductions',
    )
    assert deductions == [
        {"line_number": 1, "amount": Decimal("100.00"), "error_type": "missing_evidence",
         "actor": "user:controller"}
    ]  # fmt: skip


async def test_a_forgotten_contact_shows_as_erased_and_keeps_only_its_subject_id(
    fresh_database: Database, story: Story
):
    db = fresh_database
    before = await read(db.pool, 'SELECT subject_id, erased FROM "read".organisation_contacts')
    assert before == [{"subject_id": CONTACT.subject_id, "erased": False}]
    await run(bootstrap(db.pool), c.ForgetDataSubject(CONTACT.subject_id))
    await caught_up(db)
    (contact,) = await read(
        db.pool,
        'SELECT organisation_id, subject_id, role, erased FROM "read".organisation_contacts',
    )
    assert contact == {
        "organisation_id": story.grainerie, "subject_id": CONTACT.subject_id,
        "role": "project manager", "erased": True,
    }  # fmt: skip
    (organisation,) = await read(
        db.pool, 'SELECT name, contacts FROM "read".organisations WHERE organisation_id = $1',
        story.grainerie,
    )  # fmt: skip
    assert organisation == {"name": "La Grainerie, fabrique des arts du cirque", "contacts": 1}


async def test_partnerships_show_the_current_members_and_who_joined_left_or_changed_role(
    fresh_database: Database, story: Story
):
    db = fresh_database
    members = await read(
        db.pool,
        'SELECT organisation_id, role, left_on FROM "read".partnerships WHERE project_id = $1'
        " ORDER BY joined_on, role",
        story.project,
    )
    assert {m["organisation_id"]: (m["role"], m["left_on"]) for m in members} == {
        story.oes: ("lead_partner", None),
        story.grainerie: ("partner", None),
        story.ateneu: ("partner", date(2020, 6, 30)),
    }
    history = await read(
        db.pool,
        'SELECT change, role, previous_role, effective_on, reason FROM "read".partnership_changes'
        " WHERE organisation_id = $1 ORDER BY position",
        story.ateneu,
    )
    assert [tuple(h.values()) for h in history] == [
        ("joined", "associated_partner", None, date(2019, 10, 1), None),
        ("role_changed", "partner", "associated_partner", date(2020, 1, 1), None),
        ("left", "partner", "partner", date(2020, 6, 30), "merged"),
    ]


async def test_projects_show_their_plan_funds_periods_and_work_packages(
    fresh_database: Database, story: Story
):
    db = fresh_database
    (project,) = await read(
        db.pool,
        'SELECT acronym, status, currency, plan_version, reporting_periods FROM "read".projects',
    )
    assert project == {
        "acronym": "PYRENART", "status": "running", "currency": "EUR", "plan_version": 1,
        "reporting_periods": 1,
    }  # fmt: skip
    funds = await read(db.pool, 'SELECT fund, cofinancing_rate FROM "read".project_funds')
    assert funds == [{"fund": "erdf", "cofinancing_rate": Decimal("0.65")}]
    packages = await read(
        db.pool,
        'SELECT w.code, w.lump_sum FROM "read".work_packages w JOIN "read".plan_versions v'
        " ON v.project_id = w.project_id AND v.number = w.plan_version AND v.is_current"
        " ORDER BY w.code",
    )
    assert packages == [
        {"code": "WP1", "lump_sum": None},
        {"code": "WP2", "lump_sum": Decimal("30000.00")},
    ]
    (indicator,) = await read(
        db.pool, 'SELECT code, target, achieved, activities FROM "read".indicator_progress'
    )
    assert indicator == {"code": "O1.1", "target": Decimal("4"), "achieved": 1, "activities": 1}


async def test_the_deliverables_board_shows_state_due_date_changes_and_lateness(
    fresh_database: Database, story: Story
):
    db = fresh_database
    bus = bootstrap(db.pool)
    for command in (
        c.ChangeDeliverableDueDate(story.deliverable, date(2020, 9, 30), "lockdown"),
        c.StartDraftingDeliverable(story.deliverable, "v1"),
        c.SubmitDeliverable(story.deliverable, date(2020, 10, 5), "v1"),
        c.RejectDeliverable(story.deliverable, date(2020, 10, 10), "PO", "summary missing"),
    ):
        await run(bus, command)
    await caught_up(db)
    (board,) = await read(
        db.pool,
        "SELECT status, due_on, original_due_on, due_date_changes, rejection_reason, late"
        ' FROM "read".deliverables_board',
    )
    assert board == {
        "status": "rejected", "due_on": date(2020, 9, 30), "original_due_on": date(2020, 6, 30),
        "due_date_changes": 1, "rejection_reason": "summary missing", "late": True,
    }  # fmt: skip
    (change,) = await read(
        db.pool,
        'SELECT previous_due_on, justification, actor FROM "read".deliverable_due_date_changes',
    )
    assert change == {
        "previous_due_on": date(2020, 6, 30),
        "justification": "lockdown",
        "actor": "user:marie",
    }


async def test_activities_count_participants_and_carbon_and_schemes_their_agencies(
    fresh_database: Database, story: Story
):
    db = fresh_database
    (activity,) = await read(
        db.pool,
        'SELECT owner_kind, participants, travel_legs, kg_co2e FROM "read".activities',
    )
    assert activity == {
        "owner_kind": "project",
        "participants": 4,
        "travel_legs": 2,
        "kg_co2e": Decimal("36.2"),
    }
    counts = await read(
        db.pool,
        'SELECT dimension, key, count FROM "read".activity_participants ORDER BY dimension, key',
    )
    assert [tuple(row.values()) for row in counts] == [
        ("category", "artists", 4),
        ("gender", "men", 1),
        ("gender", "women", 3),
    ]
    (scheme,) = await read(
        db.pool, 'SELECT kind, agencies, participations, participants FROM "read".schemes'
    )
    assert scheme == {"kind": "objectif_13", "agencies": 3, "participations": 1, "participants": 7}


async def test_the_audit_trail_lists_every_event_of_an_entity_with_who_asked(
    fresh_database: Database, story: Story
):
    db = fresh_database
    trail = await read(
        db.pool,
        "SELECT stream_version, event_type, actor, organisation, client_id, on_behalf_of"
        ' FROM "read".audit_trail WHERE stream_id = $1 ORDER BY position',
        str(story.report),
    )
    assert len(trail) == 13
    assert trail[0] == {
        "stream_version": 1, "event_type": "PartnerReport.Opened", "actor": "user:ana",
        "organisation": "org:grainerie", "client_id": "grainerie-erp",
        "on_behalf_of": "user:jordi",
    }  # fmt: skip
    assert [t["stream_version"] for t in trail] == list(range(1, 14))
    assert trail[-1]["event_type"] == "PartnerReport.Certified"
    assert trail[-1]["actor"] == "user:controller"
    feed = await read(
        db.pool,
        'SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM "read".event_feed'
        " WHERE project_id = $1",
        story.project,
    )
    in_log = await read(db.pool, "SELECT count(*) AS events FROM events")
    outside = await read(
        db.pool,
        "SELECT count(*) AS events FROM events WHERE stream_type IN"
        " ('Organisation', 'Scheme', 'DataSubject')",
    )
    assert feed[0]["events"] == in_log[0]["events"] - outside[0]["events"]


async def test_the_read_models_do_not_depend_on_where_batches_end(
    fresh_database: Database, story: Story
):
    """Batched read models load what earlier batches wrote (a payment confirmed, a travel
    leg added, a line sampled after the batch that created them): one event per batch
    must give the same rows as the whole story in one batch."""
    db = fresh_database
    in_one_batch = await read_model_digests(db.pool)
    async with running(db.dsn, db.pool, ALL_PROJECTIONS, batch_size=1) as runner:
        await asyncio.gather(*(runner.rebuild(p.name) for p in ALL_PROJECTIONS))
    assert await read_model_digests(db.pool) == in_one_batch
