"""A project as the hub knew it at a log position, folded from the log (no read models).

Every function takes the command side's ``Repository`` and a position: the project, its
plan, its deliverables, partner reports and payments are reconstructed from their streams
up to that position, so the answer for a position never changes as the log grows. A
project's deliverable, report and payment streams are found by the ``project_id`` their
first event names (indexed: migrations/0008); their folds are kept by the hash of the last
event folded (``hub.api.planning.folds``), so only the streams that moved are read again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.costs import FLAT_RATE_RULES, FlatRateKind
from domain.deliverables import Deliverable
from domain.errors import NoPlanInForce
from domain.expenditure import PartnerReport, ReportStatus
from domain.organisation import Organisation
from domain.payments import Payment
from domain.plan import Plan, PlanVersion
from domain.project import Project
from hub.api.planning.folds import FOLDS
from hub.handlers.errors import AggregateNotFound
from hub.handlers.repository import Repository, stream_type_of

A = TypeVar("A", bound=Aggregate)
ZERO = Decimal("0.00")

# Each stream with the chain hash of its last event up to the position (what names its fold).
_STREAMS_OF_PROJECT = """
WITH streams AS (
    SELECT stream_id, position AS first FROM events
    WHERE payload ->> 'project_id' = $2 AND stream_type = $1 AND stream_version = 1
      AND position <= $3
)
SELECT s.stream_id, last.hash FROM streams s
CROSS JOIN LATERAL (
    SELECT e.hash FROM events e WHERE e.stream_id = s.stream_id AND e.position <= $3
    ORDER BY e.stream_version DESC LIMIT 1
) last
ORDER BY s.first
"""


@dataclass(frozen=True)
class BudgetCell:
    """One partner's figures in one cost category, in the project's currency."""

    partner_id: UUID
    category: str
    budget: Decimal
    declared: Decimal
    validated: Decimal


@dataclass(frozen=True)
class PartnerPayments:
    partner_id: UUID
    currency: str
    authorised: Decimal
    paid: Decimal


async def head(repository: Repository) -> int:
    return (await repository.store.head()).position


async def recorded_at(repository: Repository, position: int) -> datetime | None:
    return await repository.store.pool.fetchval(  # type: ignore[no-any-return]
        "SELECT recorded_at FROM events WHERE position = $1", position
    )


async def load(repository: Repository, cls: type[A], stream_id: UUID, position: int) -> A | None:
    """The aggregate as of ``position``; None if it did not exist then or is another kind."""
    try:
        return await repository.load(cls, stream_id, as_of_position=position)
    except AggregateNotFound:
        return None


async def project(repository: Repository, project_id: UUID, position: int) -> Project | None:
    return await load(repository, Project, project_id, position)


async def project_streams(
    repository: Repository, cls: type[A], project_id: UUID, position: int
) -> list[A]:
    """The project's aggregates of one kind (deliverables, reports…), folded as of
    ``position``: the streams that have not moved since an earlier fold are reused."""
    rows = await repository.store.pool.fetch(
        _STREAMS_OF_PROJECT, stream_type_of(cls), str(project_id), position
    )
    last = {UUID(row["stream_id"]): bytes(row["hash"]) for row in rows}
    found: dict[UUID, A] = {}
    for stream_id, last_hash in last.items():
        kept = FOLDS.get(cls, stream_id, last_hash)
        if kept is not None:
            found[stream_id] = kept
    missing = [stream_id for stream_id in last if stream_id not in found]
    if missing:
        folded = await repository.load_many(cls, missing, position)
        for stream_id, aggregate in folded.items():
            FOLDS.keep(stream_id, last[stream_id], aggregate)
        found.update(folded)
    return [found[stream_id] for stream_id in last if stream_id in found]


async def plan_in_force(
    repository: Repository, project_id: UUID, position: int, day: date
) -> PlanVersion | None:
    plan = await load(repository, Plan, Plan.create_id(project_id), position)
    if plan is None:
        return None
    try:
        return plan.plan_in_force(day)
    except NoPlanInForce:
        return None


async def deliverables(
    repository: Repository, project_id: UUID, position: int
) -> list[Deliverable]:
    found = await project_streams(repository, Deliverable, project_id, position)
    return sorted(found, key=lambda d: (d.due_on, d.code))


async def organisation_names(
    repository: Repository, ids: Iterable[UUID], position: int
) -> dict[UUID, str]:
    found = await repository.load_many(Organisation, ids, position)
    return {organisation_id: organisation.name for organisation_id, organisation in found.items()}


def _by_partner(item: tuple[tuple[UUID, str], object]) -> tuple[str, str]:
    (partner, other), _ = item
    return str(partner), other


def flat_rate_category(kind: FlatRateKind) -> str:
    """The cost category a flat rate pays for (its kind when it covers several)."""
    covers = FLAT_RATE_RULES[kind].covers
    return next(iter(covers)).value if len(covers) == 1 else kind.value


def _by_category(report: PartnerReport, eligible: bool) -> dict[str, Decimal]:
    costs = {c.value: m.amount for c, m in report.direct_costs(eligible).items()}
    for flat in report.flat_rate_amounts(eligible):
        category = flat_rate_category(flat.kind)
        costs[category] = costs.get(category, ZERO) + flat.amount.amount
    return costs


def budget_cells(version: PlanVersion | None, reports: Iterable[PartnerReport]) -> list[BudgetCell]:
    """Budget (the plan in force), declared (reports handed in) and validated (certified)."""
    cells: dict[tuple[UUID, str], list[Decimal]] = defaultdict(lambda: [ZERO] * 3)
    for line in version.content.budget if version else ():
        cells[(line.partner_id, line.category.value)][0] += line.amount.amount
    for report in reports:
        if report.status == ReportStatus.DRAFT:
            continue
        for category, amount in _by_category(report, eligible=False).items():
            cells[(report.partner_id, category)][1] += amount
        if report.status == ReportStatus.CERTIFIED:
            for category, amount in _by_category(report, eligible=True).items():
                cells[(report.partner_id, category)][2] += amount
    return [
        BudgetCell(partner, category, *figures)
        for (partner, category), figures in sorted(cells.items(), key=_by_partner)
    ]


def payments_by_partner(payments: Iterable[Payment]) -> list[PartnerPayments]:
    """Authorised and confirmed (paid) amounts per partner and currency."""
    totals: dict[tuple[UUID, str], list[Decimal]] = defaultdict(lambda: [ZERO] * 2)
    for payment in payments:
        figures = totals[(payment.partner_id, payment.amount.currency)]
        figures[0] += payment.amount.amount
        if payment.is_confirmed:
            figures[1] += payment.amount.amount
    return [
        PartnerPayments(partner, currency, *figures)
        for (partner, currency), figures in sorted(totals.items(), key=_by_partner)
    ]


async def budget(
    repository: Repository, project_id: UUID, position: int, version: PlanVersion | None
) -> list[BudgetCell]:
    """The budget cells against ``version``, the plan in force on the snapshot's day."""
    reports = await project_streams(repository, PartnerReport, project_id, position)
    return budget_cells(version, reports)


async def payments(
    repository: Repository, project_id: UUID, position: int
) -> list[PartnerPayments]:
    return payments_by_partner(await project_streams(repository, Payment, project_id, position))
