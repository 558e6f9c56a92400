"""The ESF+ report after a person is forgotten (`hub gdpr forget`): the aggregates are
unchanged and no personal data of theirs remains, even for a caller allowed to see it."""

from __future__ import annotations

from domain.personal_data import PersonalData
from hub.commands import ForgetDataSubject
from hub.database import Database
from hub.demo import load_demo
from hub.handlers import CommandContext, bootstrap
from hub.reports import source
from hub.reports.catalogue import ReportRequest, build_report
from hub.reports.model import Report, Text

EMAIL = "project-manager@occitanie_films.demo.example"


def cells(report: Report) -> list[str]:
    found = [value for _, value in report.facts]
    for table in report.tables:
        found += [cell for row in table.rows for cell in row]
    return [c.en if isinstance(c, Text) else str(c) for c in found]


def contacts(report: Report) -> list[tuple[object, ...]]:
    return list(next(t for t in report.tables if t.key == "contacts").rows)


async def test_a_forgotten_person_is_still_counted_but_never_shown(
    fresh_database: Database,
) -> None:
    bus = bootstrap(fresh_database.pool)
    await load_demo(bus)
    request = ReportRequest("esf-participants", "Trajectoires créatives", personal_data=True)
    before = await build_report(fresh_database.pool, request)
    assert EMAIL in cells(before)
    # The events the process keeps decoded were decoded without anyone's key.
    assert source._DECODED and all(EMAIL not in repr(e) for e in source._DECODED.values())
    subject = PersonalData.subject_for(EMAIL)

    await bus.execute(ForgetDataSubject(subject), CommandContext(actor="data protection officer"))
    after = await build_report(fresh_database.pool, request)

    assert EMAIL not in cells(after)
    assert "Project manager (demo)" in cells(after)  # other people are still shown
    assert len(contacts(after)) == len(contacts(before))
    erased = [row for row in contacts(after) if isinstance(row[3], Text)]
    assert [(row[0], row[1]) for row in erased] == [("Occitanie Films", "project_manager")]
    for key in ("by_kind", "by_category", "by_period"):
        old = next(t for t in before.tables if t.key == key)
        new = next(t for t in after.tables if t.key == key)
        assert (new.rows, new.totals) == (old.rows, old.totals)
    assert after.provenance.position > before.provenance.position
