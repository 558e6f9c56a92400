"""Report builders on the demo log: every figure checked against an independent SQL
computation over the stored events' payloads, never against the builder's own output."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import pytest

from domain.project import Project
from hub.database import Database
from hub.demo.organisations import org_id
from hub.reports.catalogue import ReportError, ReportRequest, build_report
from hub.reports.model import Report, Table, Text

CENT = Decimal("0.01")
PYRENART = Project.create_id("Pyrenart")


def column(table: Table, key: str) -> list[Any]:
    index = [c.key for c in table.columns].index(key)
    return [row[index] for row in table.rows]


def total(table: Table, key: str) -> Any:
    assert table.totals is not None
    return table.totals[[c.key for c in table.columns].index(key)]


def row_for(table: Table, label: str, key: str) -> Any:
    first = [r[0].en if isinstance(r[0], Text) else r[0] for r in table.rows]
    return column(table, key)[first.index(label)]


def table(report: Report, key: str) -> Table:
    return next(t for t in report.tables if t.key == key)


async def sql(database: Database, query: str, *args: Any) -> Any:
    return await database.pool.fetchval(query, *args)


async def report_stream(database: Database, project: UUID, partner: UUID, number: int) -> str:
    return await sql(
        database,
        "SELECT stream_id FROM events WHERE event_type = 'PartnerReport.Opened'"
        " AND payload ->> 'project_id' = $1 AND payload ->> 'partner_id' = $2"
        " AND (payload -> 'reporting_period' ->> 'number')::int = $3",
        str(project), str(partner), number,
    )  # fmt: skip


DECLARED_LINES = """
SELECT {what} FROM events d
WHERE d.event_type = 'PartnerReport.ExpenditureDeclared' AND d.stream_id = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM events w WHERE w.stream_id = d.stream_id
                  AND w.event_type = 'PartnerReport.ExpenditureWithdrawn'
                  AND w.payload -> 'line_number' = d.payload -> 'line' -> 'number')
"""
IN_EUR = "(d.payload -> 'line' -> 'declared_in_report_currency' ->> 'amount')::numeric"


async def test_poctefa_partner_report_matches_the_events(demo_database: Database) -> None:
    oes = org_id("oes")
    stream = await report_stream(demo_database, PYRENART, oes, 3)
    request = ReportRequest("poctefa-partner", "Pyrenart", period=3, partner="Occitanie en scène")
    report = await build_report(demo_database.pool, request)
    categories = table(report, "categories")

    sum_in_eur = DECLARED_LINES.format(what=f"sum({IN_EUR})")
    staff_only = " AND d.payload -> 'line' ->> 'category' = 'staff'"
    staff = await sql(demo_database, sum_in_eur + staff_only, [stream])
    direct = await sql(demo_database, DECLARED_LINES.format(what=f"sum({IN_EUR})"), [stream])
    office = (staff * Decimal("0.15")).quantize(CENT, ROUND_HALF_UP)
    assert row_for(categories, "Staff costs", "declared") == staff
    assert row_for(categories, "Office and administration", "declared") == office
    assert row_for(categories, "Office and administration", "flat_rate") == Decimal("0.15")
    assert total(categories, "declared") == direct + office

    certified = await sql(
        demo_database,
        "SELECT (payload -> 'eligible_total' ->> 'amount')::numeric FROM events"
        " WHERE stream_id = $1 AND event_type = 'PartnerReport.Certified'",
        stream,
    )
    assert total(categories, "eligible") == certified
    deducted = await sql(
        demo_database,
        "SELECT sum((payload -> 'deduction' -> 'amount' ->> 'amount')::numeric) FROM events"
        " WHERE stream_id = $1 AND event_type = 'PartnerReport.DeductionMade'",
        stream,
    )
    assert total(table(report, "deductions"), "total") == deducted
    assert total(categories, "declared") - total(categories, "deducted") - total(
        categories, "parked"
    ) == total(categories, "eligible")

    earlier = [await report_stream(demo_database, PYRENART, oes, n) for n in (1, 2)]
    previously_validated = await sql(
        demo_database,
        "SELECT sum((payload -> 'eligible_total' ->> 'amount')::numeric) FROM events"
        " WHERE stream_id = ANY($1::text[]) AND event_type = 'PartnerReport.Certified'",
        earlier,
    )
    assert total(categories, "previously_validated") == previously_validated
    assert total(categories, "validated_to_date") == previously_validated + certified

    version = report.provenance.plan_version
    budget = await sql(
        demo_database,
        "SELECT sum((line -> 'amount' ->> 'amount')::numeric) FROM events,"
        " jsonb_array_elements(payload -> 'version' -> 'content' -> 'budget') AS line"
        " WHERE stream_type = 'Plan' AND payload ->> 'project_id' = $1"
        " AND (payload -> 'version' ->> 'number')::int = $2 AND line ->> 'partner_id' = $3",
        str(PYRENART), version, str(oes),
    )  # fmt: skip
    assert total(categories, "budget") == budget
    assert total(categories, "remaining") == budget - previously_validated - certified

    funds = table(report, "funds")
    erdf = (certified * Decimal("0.65")).quantize(CENT, ROUND_HALF_UP)
    assert row_for(funds, "ERDF", "eligible") == erdf
    assert row_for(funds, "Partner contribution", "eligible") == certified - erdf
    paid = await sql(
        demo_database,
        "SELECT coalesce(sum((a.payload -> 'amount' ->> 'amount')::numeric), 0) FROM events a"
        " JOIN events c ON c.stream_id = a.stream_id AND c.event_type = 'Payment.Confirmed'"
        " WHERE a.event_type = 'Payment.Authorised' AND a.payload ->> 'project_id' = $1"
        " AND a.payload ->> 'partner_id' = $2 AND a.payload ->> 'fund' = 'erdf'",
        str(PYRENART), str(oes),
    )  # fmt: skip
    assert row_for(funds, "ERDF", "paid") == paid

    lines = table(report, "lines")
    evidence = await demo_database.pool.fetch(
        DECLARED_LINES.format(what="d.payload -> 'line' ->> 'evidence_ref' AS ref"), [stream]
    )
    assert sorted(column(lines, "evidence")) == sorted(r["ref"] for r in evidence)
    assert total(lines, "deducted") == deducted
    periods = table(report, "periods")
    assert row_for(periods, 3, "validated") == certified
    assert report.partner == "Occitanie en scène" and report.period == "P3"


async def test_project_report_sums_every_partner(demo_database: Database) -> None:
    report = await build_report(demo_database.pool, ReportRequest("project", "Pyrenart"))
    partners = table(report, "partners")
    validated = await sql(
        demo_database,
        "SELECT sum((c.payload -> 'eligible_total' ->> 'amount')::numeric) FROM events c"
        " JOIN events o ON o.stream_id = c.stream_id AND o.event_type = 'PartnerReport.Opened'"
        " WHERE c.event_type = 'PartnerReport.Certified' AND o.payload ->> 'project_id' = $1",
        str(PYRENART),
    )
    assert total(partners, "validated") == validated
    members = await sql(
        demo_database,
        "SELECT count(*) FROM events WHERE event_type = 'Project.PartnerAdmitted'"
        " AND stream_id = $1",
        str(PYRENART),
    )
    assert len(partners.rows) == members
    planned = await sql(
        demo_database,
        "SELECT count(*) FROM events WHERE event_type = 'Deliverable.Planned'"
        " AND payload ->> 'project_id' = $1",
        str(PYRENART),
    )
    assert len(table(report, "deliverables").rows) == planned
    contributed = await sql(
        demo_database,
        "SELECT sum((i.payload ->> 'value')::numeric) FROM events i"
        " JOIN events r ON r.stream_id = i.stream_id AND r.event_type = 'Activity.Recorded'"
        " WHERE i.event_type = 'Activity.IndicatorContributed'"
        " AND r.payload ->> 'owner_id' = $1 AND i.payload ->> 'indicator_code' = 'O1'",
        str(PYRENART),
    )
    assert row_for(table(report, "indicators"), "O1", "achieved") == contributed


STATUS_EVENTS = """
SELECT lower(split_part(event_type, '.', 2)) AS status, count(*) AS n FROM (
  SELECT DISTINCT ON (e.stream_id) e.event_type FROM events e
  JOIN events p ON p.stream_id = e.stream_id AND p.event_type = 'Deliverable.Planned'
  WHERE p.payload ->> 'project_id' = $1 AND e.event_type <> 'Deliverable.DueDateChanged'
  ORDER BY e.stream_id, e.position DESC) AS last
GROUP BY 1
"""
STATUS_OF = {"planned": "Pending", "drafted": "Draft", "submitted": "Submitted",
             "accepted": "Accepted", "rejected": "Rejected"}  # fmt: skip


async def test_creative_europe_report_shows_deliverable_states_and_lump_sums(
    demo_database: Database,
) -> None:
    project = Project.create_id("Be SpectACTive! 2")
    report = await build_report(
        demo_database.pool, ReportRequest("creative-europe", "be spectactive! 2")
    )
    assert report.project == "Be SpectACTive! 2"
    statuses = [s.en for s in column(table(report, "deliverables"), "status")]
    expected = {
        STATUS_OF[r["status"]]: r["n"]
        for r in await demo_database.pool.fetch(STATUS_EVENTS, str(project))
    }
    assert {s: statuses.count(s) for s in set(statuses)} == expected
    lump_sums = await sql(
        demo_database,
        "SELECT sum((wp -> 'lump_sum' ->> 'amount')::numeric) FROM events,"
        " jsonb_array_elements(payload -> 'version' -> 'content' -> 'work_packages') AS wp"
        " WHERE event_type = 'Plan.Adopted' AND payload ->> 'project_id' = $1",
        str(project),
    )
    assert total(table(report, "work_packages"), "lump_sum") == lump_sums


PARTICIPANTS = """
SELECT coalesce(sum(n.value::int), 0) FROM events r
JOIN events c ON c.stream_id = r.stream_id AND c.event_type = 'Activity.ParticipantsCounted'
CROSS JOIN LATERAL jsonb_each_text(c.payload -> 'participants' -> {part}) AS n
WHERE r.event_type = 'Activity.Recorded' AND r.payload ->> 'owner_id' = $1
  AND NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = r.stream_id
                  AND x.event_type = 'Activity.Cancelled')
"""


async def test_erasmus_report_lists_activities_with_participants(
    demo_database: Database,
) -> None:
    project = Project.create_id("CoopAnimArt")
    report = await build_report(demo_database.pool, ReportRequest("erasmus-ka2", "CoopAnimArt"))
    activities = table(report, "activities")
    recorded = await sql(
        demo_database,
        "SELECT count(*) FROM events WHERE event_type = 'Activity.Recorded'"
        " AND payload ->> 'owner_id' = $1",
        str(project),
    )
    assert len(activities.rows) == recorded
    participants = await sql(demo_database, PARTICIPANTS.format(part="'by_gender'"), str(project))
    assert total(activities, "participants") == participants > 0
    assert len(table(report, "work_packages").rows) <= 10


async def test_esf_report_aggregates_participants_without_personal_data(
    demo_database: Database,
) -> None:
    project = Project.create_id("Trajectoires créatives")
    request = ReportRequest("esf-participants", "Trajectoires créatives")
    report = await build_report(demo_database.pool, request)
    by_gender = await sql(demo_database, PARTICIPANTS.format(part="'by_gender'"), str(project))
    by_category = await sql(demo_database, PARTICIPANTS.format(part="'by_category'"), str(project))
    assert total(table(report, "by_kind"), "participants") == by_gender > 0
    assert total(table(report, "by_period"), "participants") == by_gender
    assert total(table(report, "by_category"), "participants") == by_category
    assert "contacts" not in [t.key for t in report.tables]
    assert "demo.example" not in repr(report)
    allowed = await build_report(
        demo_database.pool,
        ReportRequest("esf-participants", "Trajectoires créatives", personal_data=True),
    )
    assert "project-manager@occitanie_films.demo.example" in column(
        table(allowed, "contacts"), "email"
    )


async def test_france_quebec_report_shows_mobilities_in_eur_and_cad(
    demo_database: Database,
) -> None:
    project = Project.create_id("Scènes en réseaux")
    report = await build_report(
        demo_database.pool, ReportRequest("france-quebec-mobilities", "Scènes en réseaux")
    )
    streams = [
        r["stream_id"]
        for r in await demo_database.pool.fetch(
            "SELECT stream_id FROM events WHERE event_type = 'PartnerReport.Opened'"
            " AND payload ->> 'project_id' = $1",
            str(project),
        )
    ]
    travel = " AND d.payload -> 'line' ->> 'category' = 'travel_and_accommodation'"
    cad = await sql(
        demo_database,
        DECLARED_LINES.format(what="sum((d.payload -> 'line' -> 'declared' ->> 'amount')::numeric)")
        + travel + " AND d.payload -> 'line' -> 'declared' ->> 'currency' = 'CAD'",
        streams,
    )  # fmt: skip
    eur = await sql(demo_database, DECLARED_LINES.format(what=f"sum({IN_EUR})") + travel, streams)
    expenditure = table(report, "travel_expenditure")
    assert total(expenditure, "cad") == cad > 0
    assert total(expenditure, "eur") == eur
    rates = [r for r in column(expenditure, "rate") if r is not None]
    assert len(rates) == sum(1 for c in column(expenditure, "cad") if c is not None)
    carbon = await sql(
        demo_database,
        "SELECT sum((t.payload ->> 'kg_co2e')::numeric) FROM events t"
        " JOIN events r ON r.stream_id = t.stream_id AND r.event_type = 'Activity.Recorded'"
        " WHERE t.event_type = 'Activity.TravelLegAdded' AND r.payload ->> 'owner_id' = $1",
        str(project),
    )
    assert total(table(report, "mobilities"), "kg_co2e") == carbon


async def test_collaborative_report_counts_participations_and_objectif_13_carbon(
    demo_database: Database,
) -> None:
    report = await build_report(
        demo_database.pool, ReportRequest("collaborative-schemes", "La Collaborative")
    )
    participation = table(report, "participation")
    count = await sql(
        demo_database,
        "SELECT count(*) FROM events WHERE event_type = 'Scheme.ParticipationRecorded'",
    )
    people = await sql(
        demo_database,
        "SELECT sum(n.value::int) FROM events, jsonb_each_text(payload -> 'participation'"
        " -> 'participants' -> 'by_gender') AS n"
        " WHERE event_type = 'Scheme.ParticipationRecorded'",
    )
    assert total(participation, "participations") == count
    assert total(participation, "participants") == people
    carbon = await sql(
        demo_database,
        "SELECT sum((t.payload ->> 'kg_co2e')::numeric) FROM events t"
        " JOIN events r ON r.stream_id = t.stream_id AND r.event_type = 'Activity.Recorded'"
        " JOIN events s ON s.stream_id = r.payload ->> 'owner_id'"
        " AND s.event_type = 'Scheme.Launched' AND s.payload ->> 'kind' = 'objectif_13'"
        " WHERE t.event_type = 'Activity.TravelLegAdded'",
    )
    assert total(table(report, "carbon"), "kg_co2e") == carbon > 0


async def test_a_report_as_of_a_position_differs_by_exactly_the_later_events(
    demo_database: Database,
) -> None:
    project = Project.create_id("Trajectoires créatives")
    counted = await demo_database.pool.fetch(
        "SELECT c.position FROM events c JOIN events r ON r.stream_id = c.stream_id"
        " AND r.event_type = 'Activity.Recorded'"
        " WHERE c.event_type = 'Activity.ParticipantsCounted' AND r.payload ->> 'owner_id' = $1"
        " ORDER BY c.position",
        str(project),
    )
    position = counted[len(counted) // 2]["position"] - 1
    request = ReportRequest("esf-participants", "Trajectoires créatives")
    past = await build_report(
        demo_database.pool, ReportRequest(**{**vars(request), "as_of": position})
    )
    now = await build_report(demo_database.pool, request)
    added = await sql(
        demo_database,
        PARTICIPANTS.format(part="'by_gender'") + " AND c.position > $2",
        str(project), position,
    )  # fmt: skip
    before = total(table(past, "by_kind"), "participants")
    assert total(table(now, "by_kind"), "participants") - before == added > 0
    row = await demo_database.pool.fetchrow(
        "SELECT hash, recorded_at FROM events WHERE position = $1", position
    )
    assert past.provenance.position == position
    assert past.provenance.head_hash == bytes(row["hash"]).hex()
    assert past.provenance.as_of == row["recorded_at"]
    assert past.provenance.command.endswith(f"--as-of {position}")
    by_time = await build_report(
        demo_database.pool, ReportRequest(**{**vars(request), "as_of": row["recorded_at"]})
    )
    assert by_time.provenance.position >= position


async def test_building_twice_at_one_position_gives_the_same_report(
    demo_database: Database,
) -> None:
    request = ReportRequest("poctefa-partner", "Travesía", period=2, partner="La Grainerie")
    first = await build_report(demo_database.pool, request)
    again = await build_report(
        demo_database.pool, ReportRequest(**{**vars(request), "as_of": first.provenance.position})
    )
    assert first == again


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (ReportRequest("balance-sheet", "Pyrenart"), "NOT_FOUND"),
        (ReportRequest("project", "No such project"), "NOT_FOUND"),
        (ReportRequest("project", "Pyrenart", period=99), "NOT_FOUND"),
        (ReportRequest("poctefa-partner", "Pyrenart", period=1, partner="Nobody"), "NOT_FOUND"),
        (ReportRequest("poctefa-partner", "Pyrenart", partner="Occitanie en scène"),
         "INVALID_INPUT"),
        (ReportRequest("erasmus-ka2", "Pyrenart"), "INVALID_INPUT"),
        (ReportRequest("project", "Pyrenart", as_of=10**9), "INVALID_INPUT"),
        (ReportRequest("project", "Pyrenart", as_of=1), "INVALID_INPUT"),
        (ReportRequest("collaborative-schemes", "Pyrenart"), "INVALID_INPUT"),
    ],
    ids=["kind", "project", "period", "partner", "no-period", "programme", "beyond-head",
         "before-project", "collaborative"],
)  # fmt: skip
async def test_bad_requests_raise_report_error_with_a_code(
    demo_database: Database, request_: ReportRequest, code: str
) -> None:
    with pytest.raises(ReportError) as raised:
        await build_report(demo_database.pool, request_)
    assert raised.value.code == code
    assert str(raised.value)
