"""A feed's entries, read from the read models (schema ``read``).

- deliverables: all-day on their due date, with their state (an organisation feed: those
  it is responsible for);
- reporting deadlines: the last day of each reporting period, until the end of that day in
  Europe/Paris (a timed entry, so a partner in Québec sees the cut-off in its own time);
- payments (finance): all-day, on the day confirmed, or "expected" on the day authorised
  (an organisation feed: payments to it);
- activities: from their start to their end, on the clock of their place, when the log
  has their times; all-day on the day held otherwise; with their place (an organisation
  feed: those it takes part in);
- La Collaborative meetings (Jeudigraphies, Faire-Part…): an organisation feed of one of
  the regional agencies also gets the activities of the schemes the agency belongs to.

Each entry's stamp is when the hub recorded the data it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from hub.api.activities.scheme_data import AGENCIES_BY_ORGANISATION
from hub.integrations.calendar_scope import FeedScope

PARIS = ZoneInfo("Europe/Paris")

_DELIVERABLES = """
SELECT d.deliverable_id, d.code, d.title, d.status, d.due_on, d.updated_at, p.acronym
FROM read.deliverables d JOIN read.projects p USING (project_id)
WHERE d.project_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR d.responsible_partner = $2)
"""
_DEADLINES = """
SELECT r.project_id, r.number, r.ends_on, p.acronym, p.updated_at
FROM read.reporting_periods r JOIN read.projects p USING (project_id)
WHERE r.project_id = ANY($1::uuid[]) AND r.ends_on IS NOT NULL
"""
_PAYMENTS = """
SELECT y.payment_id, y.fund, y.kind, y.sequence, y.amount, y.currency, y.authorised_on,
       y.confirmed_on, y.recorded_at, p.acronym, coalesce(o.name, y.partner_id::text) AS partner
FROM read.payments y JOIN read.projects p USING (project_id)
LEFT JOIN read.organisations o ON o.organisation_id = y.partner_id
WHERE y.project_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR y.partner_id = $2)
"""
_ACTIVITY_COLUMNS = """a.activity_id, a.title, a.held_on, a.starts_at, a.ends_at,
    a.time_zone, a.city, a.country, a.venue, a.cancelled, a.cancel_reason, a.updated_at"""
_ACTIVITIES = f"""
SELECT {_ACTIVITY_COLUMNS}, p.acronym AS label
FROM read.activities a JOIN read.projects p ON p.project_id = a.owner_id
WHERE a.owner_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR $2 = ANY(a.partners))
"""
_SCHEME_ACTIVITIES = f"""
SELECT {_ACTIVITY_COLUMNS}, s.kind || ' ' || s.edition AS label
FROM read.activities a JOIN read.schemes s ON s.scheme_id = a.owner_id
WHERE s.scheme_id IN (SELECT scheme_id FROM read.scheme_agencies WHERE agency = $1)
"""


@dataclass(frozen=True)
class Entry:
    """One calendar event: ``start``/``end`` are dates (all-day, end excluded) or aware
    datetimes in the zone they are shown in (no end: a moment, such as an activity whose
    end time was not recorded)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None
    stamp: datetime
    category: str
    description: str = ""
    location: str = ""
    cancelled: bool = False


async def entries(connection: asyncpg.Connection, scope: FeedScope) -> list[Entry]:
    projects, organisation = sorted(scope.projects), scope.organisation
    found = [
        *map(_deliverable, await connection.fetch(_DELIVERABLES, projects, organisation)),
        *map(_deadline, await connection.fetch(_DEADLINES, projects)),
        *map(_activity, await connection.fetch(_ACTIVITIES, projects, organisation)),
    ]
    if scope.finance_projects:
        rows = await connection.fetch(_PAYMENTS, sorted(scope.finance_projects), organisation)
        found += map(_payment, rows)
    agency = None if organisation is None else AGENCIES_BY_ORGANISATION.get(organisation)
    if agency is not None:
        found += map(_activity, await connection.fetch(_SCHEME_ACTIVITIES, agency))
    return sorted(found, key=lambda e: (_day(e.start), e.uid))


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def all_day(on: date) -> tuple[date, date]:
    return on, on + timedelta(days=1)


def end_of_day_in_paris(on: date) -> tuple[datetime, datetime]:
    """The last minute of ``on`` in Europe/Paris, ending at midnight: the cut-off."""
    return (
        datetime.combine(on, time(23, 59), PARIS),
        datetime.combine(on + timedelta(days=1), time(0, 0), PARIS),
    )


def _deliverable(row: asyncpg.Record) -> Entry:
    start, end = all_day(row["due_on"])
    return Entry(
        uid=f"{row['deliverable_id']}-deliverable-due",
        summary=f"[{row['acronym']}] {row['code']} due: {row['title']}",
        start=start, end=end, stamp=row["updated_at"], category="deliverable",
        description=f"Deliverable {row['code']} of {row['acronym']}, state: {row['status']}.",
    )  # fmt: skip


def _deadline(row: asyncpg.Record) -> Entry:
    start, end = end_of_day_in_paris(row["ends_on"])
    number = row["number"]
    return Entry(
        uid=f"{row['project_id']}-reporting-period-{number}-deadline",
        summary=f"[{row['acronym']}] Reporting period {number} ends",
        start=start, end=end, stamp=row["updated_at"], category="reporting deadline",
        description=f"Reporting period {number} of {row['acronym']} ends at midnight, Paris time.",
    )  # fmt: skip


def _payment(row: asyncpg.Record) -> Entry:
    confirmed = row["confirmed_on"]
    start, end = all_day(confirmed or row["authorised_on"])
    what = "received" if confirmed else "expected"
    money = f"{row['amount']:.2f} {row['currency']}"
    return Entry(
        uid=f"{row['payment_id']}-payment",
        summary=f"[{row['acronym']}] Payment {what}: {row['fund']} {row['kind']} "
        f"{row['sequence']}, {money} to {row['partner']}",
        start=start, end=end, stamp=row["recorded_at"], category="payment",
        description=f"Authorised on {row['authorised_on']}"
        + (f", confirmed on {confirmed}." if confirmed else ", not confirmed yet."),
    )  # fmt: skip


def _activity(row: asyncpg.Record) -> Entry:
    start: date | datetime
    end: date | datetime | None
    if row["starts_at"] is None:
        start, end = all_day(row["held_on"])
    else:
        zone = ZoneInfo(row["time_zone"])
        start = row["starts_at"].astimezone(zone)
        end = None if row["ends_at"] is None else row["ends_at"].astimezone(zone)
    place = ", ".join(p for p in (row["venue"], row["city"], row["country"]) if p)
    reason = row["cancel_reason"]
    return Entry(
        uid=f"{row['activity_id']}-activity",
        summary=f"[{row['label']}] {row['title']}",
        start=start, end=end, stamp=row["updated_at"], category="activity",
        description=f"Cancelled: {reason}" if row["cancelled"] else "", location=place,
        cancelled=row["cancelled"],
    )  # fmt: skip
