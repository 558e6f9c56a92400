"""Projects and their partnership (partenariat / partenariado).

A project is funded by one programme through one or more funds, each with its
co-financing rate (taux de cofinancement / tasa de cofinanciación). Its partnership
changes over time: partners join and leave on effective dates and change roles, and
``is_partner_on`` answers who was a partner on any day, which expenditure checks need.
The approved plan (work packages, budget…) lives in its own aggregate, ``domain.plan``.
"""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    DateOutsideProjectPeriod,
    InvalidPeriod,
    InvalidRate,
    InvalidStateTransition,
    LeadPartnerAlreadyAppointed,
    PartnerAlreadyInPartnership,
    PartnerAlreadyLeft,
    PartnerNotInPartnership,
    ProjectNotRunning,
    ReportingPeriodNotFound,
    ReportingPeriodOutsideProject,
    ReportingPeriodOverlaps,
)
from domain.periods import Period, ReportingPeriod

PROJECT_NAMESPACE = UUID("3c1e8a52-7f0b-5a4e-9b3d-1d2e4f6a8b01")


class Programme(StrEnum):
    INTERREG_POCTEFA = "interreg_poctefa"
    CREATIVE_EUROPE = "creative_europe"
    ERASMUS_PLUS_KA2 = "erasmus_plus_ka2"
    ESF_PLUS = "esf_plus"
    FRANCE_QUEBEC_FUND = "france_quebec_fund"
    LA_COLLABORATIVE = "la_collaborative"


class Fund(StrEnum):
    """A funding source (fonds / fondo)."""

    ERDF = "erdf"  # FEDER / FEDER
    ESF_PLUS = "esf_plus"  # FSE+
    CREATIVE_EUROPE = "creative_europe"
    ERASMUS_PLUS = "erasmus_plus"
    FRANCE_QUEBEC = "france_quebec"  # Commission permanente de coopération franco-québécoise
    REGION_OCCITANIE = "region_occitanie"
    STATE = "state"


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    CLOSED = "closed"


class PartnerRole(StrEnum):
    LEAD_PARTNER = "lead_partner"  # chef de file / beneficiario principal
    PARTNER = "partner"
    ASSOCIATED_PARTNER = "associated_partner"  # partenaire associé (no budget)


@dataclass(frozen=True)
class FundShare:
    """A fund and the share of eligible cost it pays: ERDF at 0.65 for POCTEFA."""

    fund: Fund
    cofinancing_rate: Decimal

    def __post_init__(self) -> None:
        value: Any = self.cofinancing_rate
        if not isinstance(value, Decimal) or not Decimal(0) < value <= Decimal(1):
            raise InvalidRate(f"co-financing rate must be a Decimal in (0, 1], got {value!r}")


@dataclass(frozen=True)
class Membership:
    """One organisation's place in the partnership, with its effective dates."""

    organisation_id: UUID
    role: PartnerRole
    joined_on: date
    left_on: date | None = None

    def is_member_on(self, day: date) -> bool:
        return Period(self.joined_on, self.left_on).contains(day)


@dataclass(frozen=True)
class ProjectFacts:
    """What a partner report needs to know about its project, passed by the handler."""

    project_period: Period
    partner_membership: Period | None


class Project(Aggregate):
    """An EU or interregional cooperation project, e.g. Pyrenart (POCTEFA, ERDF 65 %)."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(acronym: str) -> UUID:
        return uuid5(PROJECT_NAMESPACE, acronym.strip().casefold())

    @classmethod
    def register(
        cls,
        acronym: str,
        title: str,
        programme: Programme,
        funds: tuple[FundShare, ...],
        period: Period,
        currency: str = "EUR",
    ) -> "Project":
        if period.end is None:
            raise InvalidPeriod("a project period has an end date")
        return cls(
            acronym=acronym.strip(),
            title=title,
            programme=programme,
            funds=tuple(funds),
            period=period,
            currency=currency,
        )

    @event("Registered")
    def __init__(
        self,
        acronym: str,
        title: str,
        programme: Programme,
        funds: tuple[FundShare, ...],
        period: Period,
        currency: str,
    ) -> None:
        self.acronym = acronym
        self.title = title
        self.programme = programme
        self.funds = funds
        self.period = period
        self.currency = currency
        self.status = ProjectStatus.DRAFT
        self.reporting_periods: tuple[ReportingPeriod, ...] = ()
        self.memberships: dict[UUID, Membership] = {}

    # Lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self.status != ProjectStatus.DRAFT:
            raise InvalidStateTransition(f"cannot start a {self.status} project")
        self._started()

    @event("Started")
    def _started(self) -> None:
        self.status = ProjectStatus.RUNNING

    def close(self, closed_on: date) -> None:
        if self.status != ProjectStatus.RUNNING:
            raise InvalidStateTransition(f"cannot close a {self.status} project")
        self._closed(closed_on)

    @event("Closed")
    def _closed(self, closed_on: date) -> None:
        self.status = ProjectStatus.CLOSED

    def add_reporting_period(self, period: Period) -> ReportingPeriod:
        """Add the next reporting period; numbers follow on from 1."""
        self._require_open()
        if not self.period.covers(period):
            raise ReportingPeriodOutsideProject(f"{period} is outside {self.period}")
        last = self.reporting_periods[-1] if self.reporting_periods else None
        if last is not None and (last.period.overlaps(period) or period.start < last.period.start):
            raise ReportingPeriodOverlaps(f"{period} overlaps or precedes period {last.number}")
        reporting_period = ReportingPeriod(len(self.reporting_periods) + 1, period)
        self._reporting_period_added(reporting_period)
        return reporting_period

    @event("ReportingPeriodAdded")
    def _reporting_period_added(self, reporting_period: ReportingPeriod) -> None:
        self.reporting_periods = (*self.reporting_periods, reporting_period)

    def reporting_period(self, number: int) -> ReportingPeriod:
        for reporting_period in self.reporting_periods:
            if reporting_period.number == number:
                return reporting_period
        raise ReportingPeriodNotFound(str(number))

    # Partnership -------------------------------------------------------------------------

    def admit_partner(self, organisation_id: UUID, role: PartnerRole, joined_on: date) -> None:
        """An organisation joins the partnership on ``joined_on``."""
        self._require_open()
        self._require_in_project(joined_on)
        if organisation_id in self.memberships:
            raise PartnerAlreadyInPartnership(str(organisation_id))
        if role == PartnerRole.LEAD_PARTNER and self.lead_partner_on(joined_on) is not None:
            raise LeadPartnerAlreadyAppointed(str(self.lead_partner_on(joined_on)))
        self._partner_admitted(organisation_id, role, joined_on)

    @event("PartnerAdmitted")
    def _partner_admitted(self, organisation_id: UUID, role: PartnerRole, joined_on: date) -> None:
        self.memberships[organisation_id] = Membership(organisation_id, role, joined_on)

    def withdraw_partner(self, organisation_id: UUID, left_on: date, reason: str) -> None:
        """A partner leaves; its last eligible day is ``left_on``."""
        self._require_open()
        membership = self._membership(organisation_id)
        if membership.left_on is not None:
            raise PartnerAlreadyLeft(f"{organisation_id} left on {membership.left_on}")
        self._require_in_project(left_on)
        if left_on < membership.joined_on:
            raise DateOutsideProjectPeriod(f"{left_on} is before joining on {membership.joined_on}")
        self._partner_withdrew(organisation_id, left_on, reason)

    @event("PartnerWithdrew")
    def _partner_withdrew(self, organisation_id: UUID, left_on: date, reason: str) -> None:
        membership = self.memberships[organisation_id]
        self.memberships[organisation_id] = replace(membership, left_on=left_on)

    def change_partner_role(
        self, organisation_id: UUID, role: PartnerRole, effective_on: date
    ) -> None:
        """Change a partner's role, e.g. an associated partner becomes a full partner."""
        self._require_open()
        membership = self._membership(organisation_id)
        if membership.left_on is not None:
            raise PartnerAlreadyLeft(str(organisation_id))
        self._require_in_project(effective_on)
        lead = self.lead_partner_on(effective_on)
        if role == PartnerRole.LEAD_PARTNER and lead not in (None, organisation_id):
            raise LeadPartnerAlreadyAppointed(str(lead))
        if role != membership.role:
            self._partner_role_changed(organisation_id, role, effective_on)

    @event("PartnerRoleChanged")
    def _partner_role_changed(
        self, organisation_id: UUID, role: PartnerRole, effective_on: date
    ) -> None:
        self.memberships[organisation_id] = replace(self.memberships[organisation_id], role=role)

    def is_partner_on(self, organisation_id: UUID, day: date) -> bool:
        """True if the organisation was a (lead) partner, able to declare costs, that day."""
        membership = self.memberships.get(organisation_id)
        return (
            membership is not None
            and membership.role != PartnerRole.ASSOCIATED_PARTNER
            and membership.is_member_on(day)
        )

    def lead_partner_on(self, day: date) -> UUID | None:
        for membership in self.memberships.values():
            if membership.role == PartnerRole.LEAD_PARTNER and membership.is_member_on(day):
                return membership.organisation_id
        return None

    def facts_for(self, organisation_id: UUID) -> ProjectFacts:
        """The project facts a partner report of this organisation checks lines against."""
        membership = self.memberships.get(organisation_id)
        if membership is None or membership.role == PartnerRole.ASSOCIATED_PARTNER:
            return ProjectFacts(self.period, None)
        return ProjectFacts(self.period, Period(membership.joined_on, membership.left_on))

    def cofinancing_rate(self, fund: Fund) -> Decimal:
        for share in self.funds:
            if share.fund == fund:
                return share.cofinancing_rate
        return Decimal(0)

    def _membership(self, organisation_id: UUID) -> Membership:
        try:
            return self.memberships[organisation_id]
        except KeyError:
            raise PartnerNotInPartnership(str(organisation_id)) from None

    def _require_open(self) -> None:
        if self.status == ProjectStatus.CLOSED:
            raise ProjectNotRunning(f"{self.acronym} is closed")

    def check_activity_date(self, day: date) -> None:
        """An activity of the project is held within the project period."""
        self._require_in_project(day)

    def _require_in_project(self, day: date) -> None:
        if not self.period.contains(day):
            raise DateOutsideProjectPeriod(f"{day} is outside {self.period}")
