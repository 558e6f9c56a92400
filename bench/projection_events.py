"""Realistic events for the projection benchmark, made THROUGH THE DOMAIN: aggregates
decide and record their events, ``hub.event_codec.encode`` turns them into the stored
form, and the event store appends them in large batches (its group commit).

One synthetic POCTEFA-like project ("unit") yields about 1,200 events: six organisations
with a contact each, the project and its partnership, a plan and one modification,
deliverables with their histories, twenty partner reports of ~30 lines each taken through
first-level control, payments, activities with travel legs, and a scheme. Amounts and
choices come from a seeded random generator, so two runs produce the same log.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.catalogue import STREAM_TYPES
from domain.costs import CostCategory, FlatRate, FlatRateKind
from domain.deliverables import Deliverable
from domain.expenditure import ErrorType, PartnerReport
from domain.money import Money
from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.participants import ParticipantCounts
from domain.payments import Payment, PaymentKind
from domain.periods import Period
from domain.personal_data import PersonalData
from domain.plan import (
    BudgetChange,
    BudgetLine,
    Indicator,
    IndicatorKind,
    Plan,
    PlanContent,
    PlannedDeliverable,
    WorkPackage,
)
from domain.project import Fund, FundShare, PartnerRole, Programme, Project
from domain.schemes import Agency, Scheme, SchemeKind
from hub import event_codec
from hub.event_codec import encode
from hub.eventstore import EventStore, Metadata, NewEvent
from hub.keyring import KeySet

# domain.catalogue.payload_fields resolves type hints on every call (~0.5 ms per event,
# 80 % of encoding); its answer never changes, so cache it for the load.
event_codec.payload_fields = functools.cache(event_codec.payload_fields)  # type: ignore[assignment]
STREAM_NAMES = {cls: name for name, cls in STREAM_TYPES.items()}
START, END = date(2021, 1, 1), date(2022, 12, 31)
PERIODS = tuple(
    Period(date(y, m, 1), date(y, m + 5, 30 if m + 5 == 6 else 31))
    for y in (2021, 2022) for m in (1, 7)
)  # fmt: skip
CATEGORIES = (
    CostCategory.STAFF, CostCategory.TRAVEL_AND_ACCOMMODATION,
    CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES, CostCategory.EQUIPMENT,
)  # fmt: skip
OFFICE_15 = FlatRate(FlatRateKind.OFFICE_AND_ADMINISTRATION_ON_STAFF, Decimal("0.15"))
PARTNERS = 6
LINES_PER_REPORT = 30
Stage = list[Aggregate]


def eur(cents: int) -> Money:
    return Money(Decimal(cents).scaleb(-2), "EUR")


class Unit:
    """One synthetic project and everything around it, in append stages."""

    def __init__(self, number: int) -> None:
        self.n = number
        self.rng = random.Random(number)
        self.keys: dict[UUID, bytes] = {}

    def stages(self) -> list[Stage]:
        organisations = [self.organisation(k) for k in range(PARTNERS)]
        ids = [o.id for o in organisations]
        project = self.project(ids)
        plan = self.plan(project, ids)
        reports = [self.report(project, p, r) for p in ids[:5] for r in range(1, 5)]
        return [
            [*organisations, self.scheme()],
            [project],
            [plan],
            [*self.deliverables(project, ids), *reports, *self.activities(project, ids)],
            self.payments(project, ids, reports),
        ]

    def organisation(self, k: int) -> Organisation:
        org = Organisation.register(
            f"Bench organisation {self.n}-{k}", "FR" if k % 2 else "ES", "Occitanie",
            LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO, ("fr", "es"),
        )  # fmt: skip
        email = f"contact{k}@unit{self.n}.example"
        person = PersonalData(PersonalData.subject_for(email), {"name": f"P{k}", "email": email})
        self.keys[person.subject_id] = os.urandom(32)
        org.add_contact("project manager", person)
        return org

    def project(self, ids: list[UUID]) -> Project:
        project = Project.register(
            f"BENCH-{self.n:06d}", f"Bench project {self.n}", Programme.INTERREG_POCTEFA,
            (FundShare(Fund.ERDF, Decimal("0.65")),), Period(START, END),
        )  # fmt: skip
        project.admit_partner(ids[0], PartnerRole.LEAD_PARTNER, START)
        for organisation_id in ids[1:5]:
            project.admit_partner(organisation_id, PartnerRole.PARTNER, START)
        project.admit_partner(ids[5], PartnerRole.ASSOCIATED_PARTNER, START)
        for period in PERIODS:
            project.add_reporting_period(period)
        project.start()
        return project

    def plan(self, project: Project, ids: list[UUID]) -> Plan:
        content = PlanContent(
            work_packages=tuple(
                WorkPackage(f"WP{w}", f"Work package {w}", eur(2_000_000) if w > 3 else None)
                for w in range(1, 6)
            ),
            deliverables=tuple(
                PlannedDeliverable(f"D{d}", f"WP{d % 5 + 1}", f"Deliverable {d}",
                                   START + timedelta(days=60 * d), ids[d % 5])
                for d in range(1, 11)
            ),
            indicators=tuple(
                Indicator(f"O{i}", IndicatorKind.OUTPUT, f"Output {i}", "events",
                          Decimal(0), Decimal(10 * i))
                for i in range(1, 6)
            ),
            budget=tuple(
                BudgetLine(p, c, n, eur(self.rng.randrange(1_000_000, 5_000_000)))
                for p in ids[:5] for c in CATEGORIES for n in range(1, 5)
            ),
            flat_rates=(OFFICE_15,),
        )  # fmt: skip
        plan = Plan.adopt(project.id, content, START, date(2020, 11, 15), "POCTEFA JS")
        change = BudgetChange(ids[1], CostCategory.STAFF, 4, eur(500_000))
        plan.approve_modification(date(2022, 1, 1), date(2021, 12, 1), "JS", "shift", (change,))
        return plan

    def deliverables(self, project: Project, ids: list[UUID]) -> Iterator[Deliverable]:
        for d in range(1, 11):
            due = START + timedelta(days=60 * d)
            deliverable = Deliverable.plan(project.id, f"D{d}", f"Deliverable {d}", "WP1", due,
                                           ids[d % 5])  # fmt: skip
            if d % 4 == 0:
                deliverable.change_due_date(due + timedelta(days=30), "partner delay")
            deliverable.start_drafting(f"drafts/D{d}-v1")
            deliverable.submit(due - timedelta(days=3), f"D{d}-v1")
            if d % 3 == 0:
                deliverable.reject(due, "PO", "executive summary missing")
            else:
                deliverable.accept(due, "PO")
            yield deliverable

    def report(self, project: Project, partner: UUID, number: int) -> PartnerReport:
        report = PartnerReport.open(project.id, partner, project.reporting_period(number), 1,
                                    (OFFICE_15,))  # fmt: skip
        facts, period = project.facts_for(partner), PERIODS[number - 1]
        for line in range(LINES_PER_REPORT):
            on = period.start + timedelta(days=self.rng.randrange(0, 180))
            category = CATEGORIES[line % len(CATEGORIES)]
            report.declare_expenditure(
                facts, category, f"{category.value} {line}", f"Supplier {line % 7}",
                f"INV-{self.n}-{number}-{line}", on, on, eur(self.rng.randrange(5_000, 400_000)),
                eur(0), False, f"evidence/{self.n}/{number}/{line}.pdf",
            )  # fmt: skip
        report.submit(period.end + timedelta(days=20), "finance officer")
        report.start_control("controller", period.end + timedelta(days=40))
        for line in range(1, LINES_PER_REPORT + 1, 3):
            report.sample_line(line)
            if line % 4 == 1:
                report.deduct(line, eur(1_000), ErrorType.MISSING_EVIDENCE, "timesheet missing")
        report.park_line(2, "procurement check")
        report.reinclude_line(2)
        report.assign_second_reviewer("second reviewer")
        report.certify(period.end + timedelta(days=60), "controller")
        return report

    def payments(self, project: Project, ids: list[UUID], reports: list[PartnerReport]) -> Stage:
        payments: Stage = []
        for report in reports:
            assert report.certified_total is not None
            amount = report.certified_total.times(Decimal("0.65"))
            payment = Payment.authorise(
                project.id, report.partner_id, Fund.ERDF, PaymentKind.INTERIM,
                report.reporting_period.number, amount, "JS", date(2023, 2, 1), (report.id,),
            )  # fmt: skip
            payment.confirm("treasurer", date(2023, 2, 20))
            payments.append(payment)
        return payments

    def activities(self, project: Project, ids: list[UUID]) -> Iterator[Activity]:
        for a in range(20):
            activity = Activity.record(
                project.id, f"A{a}", ActivityKind.RESIDENCY, f"Residency {a}",
                START + timedelta(days=30 * a), Place("Toulouse", "FR", "La Grainerie"),
                (ids[a % 5],), ParticipantCounts({"women": 2, "men": 1}, {"artists": 3}),
            )  # fmt: skip
            activity.count_participants(
                ParticipantCounts({"women": 3, "men": 2}, {"artists": 4, "audience": 1})
            )
            activity.add_travel_leg(TravelLeg(TravelMode.TRAIN, Decimal(300 + a), 4))
            activity.add_travel_leg(TravelLeg(TravelMode.CAR, Decimal(80), 2))
            activity.contribute_to_indicator(f"O{a % 5 + 1}", Decimal(1))
            yield activity

    def scheme(self) -> Scheme:
        scheme = Scheme.launch(
            SchemeKind.FAIRE_PART,
            f"bench-{self.n}",
            Agency.OCCITANIE_EN_SCENE,
            START,
            (Agency.ODIA_NORMANDIE,),
        )
        for k in range(5):
            scheme.record_participation(
                Agency.ODIA_NORMANDIE,
                START + timedelta(days=k),
                "journey",
                "Normandie",
                ParticipantCounts({"women": 2}),
            )
        return scheme  # fmt: skip


METADATA = Metadata(actor="user:bench", organisation="org:oes", client_id="bench-loader")


def stored(aggregate: Aggregate, keys: KeySet) -> tuple[str, str, list[NewEvent]]:
    events = [encode(event, keys) for event in aggregate.collect_events()]
    new = [NewEvent(e.event_type, e.payload, e.schema_version) for e in events]
    return str(aggregate.id), STREAM_NAMES[type(aggregate)], new


async def append_units(store: EventStore, first: int, count: int) -> int:
    """Append ``count`` units (numbered from ``first``) stage by stage; return events."""
    units = [Unit(n) for n in range(first, first + count)]
    staged = [(unit.stages(), KeySet(unit.keys)) for unit in units]
    total = 0
    for stage in range(5):
        appends: list[Any] = []
        for stages, keys in staged:
            appends += [stored(aggregate, keys) for aggregate in stages[stage]]
        total += sum(len(events) for _, _, events in appends)
        await asyncio.gather(
            *(store.append(sid, kind, 0, events, METADATA) for sid, kind, events in appends)
        )
    return total
