"""A POCTEFA partner report lists the vault's documents attached to its expenditure lines
and to its control, as the log stands at the report's position."""

from __future__ import annotations

import hashlib
from datetime import date

import orjson

from domain.evidence import Document, EntityKind, EntityRef, RetentionRule
from hub.commands import AttachEvidence, DeleteEvidence
from hub.database import Database
from hub.reports.catalogue import ReportRequest, build_report
from hub.reports.model import Report, Table
from hub.reports.render import render
from tests.integration.command_fixtures import Story, draft_report, payslip, running_project


def document(name: str, size: int) -> Document:
    return Document(hashlib.sha256(name.encode()).hexdigest(), name, "application/pdf", size)


def documents(report: Report) -> Table:
    return next(t for t in report.tables if t.key == "documents")


def listed(report: Report) -> list[tuple[str, str, str, int]]:
    return [(row[0].en, row[1], row[2], row[3]) for row in documents(report).rows]


async def head(database: Database) -> int:
    return await database.pool.fetchval("SELECT max(position) FROM events")


async def partner_report(database: Database, story: Story, as_of: int | None = None) -> Report:
    request = ReportRequest(
        "poctefa-partner",
        str(story.project_id),
        period=1,
        partner=str(story.partner_id),
        as_of=as_of,
    )
    return await build_report(database.pool, request)


async def test_the_partner_report_lists_the_documents_of_its_lines_and_control(
    fresh_database: Database,
):
    db = fresh_database
    story = await running_project(db)
    report_id = await draft_report(story)
    for amount in ("1200.00", "800.00"):
        await story.run(payslip(report_id, amount))

    def line(number: int) -> EntityRef:
        entity_id = f"{report_id}:{number}"
        return EntityRef(EntityKind.EXPENDITURE_LINE, entity_id, story.project_id, story.partner_id)

    control = EntityRef(EntityKind.CONTROL, str(report_id), story.project_id, story.partner_id)
    march, april = document("payslip-march.pdf", 1_001), document("payslip-april.pdf", 2_002)
    await story.run(AttachEvidence(march, line(2), "user:ana"))
    await story.run(AttachEvidence(april, line(1), "user:ana"))
    before_control = await head(db)
    await story.run(AttachEvidence(march, control, "user:controller"))

    # another project's document, attached to a line of that project's own report
    other = await running_project(db)
    other_report = await draft_report(other)
    await other.run(payslip(other_report))
    elsewhere = document("elsewhere.pdf", 3_003)
    await other.run(
        AttachEvidence(
            elsewhere,
            EntityRef(EntityKind.EXPENDITURE_LINE, f"{other_report}:1", other.project_id,
                      other.partner_id),
            "user:ana",
        )
    )  # fmt: skip

    report = await partner_report(db, story)
    assert listed(report) == [
        ("Line 1", "payslip-april.pdf", april.sha256, 2_002),
        ("Line 2", "payslip-march.pdf", march.sha256, 1_001),
        ("First-level control", "payslip-march.pdf", march.sha256, 1_001),
    ]
    attached_on = {
        (row["sha"], row["entity"]): row["at"].date()
        for row in await db.pool.fetch(
            "SELECT payload ->> 'sha256' AS sha, payload ->> 'entity_id' AS entity,"
            " recorded_at AS at FROM events WHERE event_type = 'Evidence.Attached'"
        )
    }
    assert [row[4] for row in documents(report).rows] == [
        attached_on[(april.sha256, f"{report_id}:1")],
        attached_on[(march.sha256, f"{report_id}:2")],
        attached_on[(march.sha256, str(report_id))],
    ]

    earlier = await partner_report(db, story, as_of=before_control)
    assert [row[0] for row in listed(earlier)] == ["Line 1", "Line 2"]

    # every format carries the table; the French rendering labels it in French
    as_json = orjson.loads(render(report, "json", "en"))
    table = next(t for t in as_json["tables"] if t["key"] == "documents")
    assert [row["sha256"] for row in table["rows"]] == [april.sha256, march.sha256, march.sha256]
    assert elsewhere.sha256 not in render(report, "csv", "en").decode()
    assert "Ligne 1" in render(report, "csv", "fr").decode()
    for fmt in ("pdf", "xlsx"):
        assert render(report, fmt, "fr")

    # a document deleted after its retention deadline is no longer in the vault
    await story.run(
        DeleteEvidence(april.sha256, date(2040, 1, 2), date(2039, 12, 31),
                       RetentionRule("ERDF", 10), "user:archivist")
    )  # fmt: skip
    after_deletion = await partner_report(db, story)
    assert [row[1] for row in listed(after_deletion)] == ["payslip-march.pdf"] * 2
