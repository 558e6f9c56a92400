"""Commands about activities and La Collaborative schemes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from uuid import UUID

from domain.activities import ActivityKind, Place, TravelLeg
from domain.participants import ParticipantCounts
from domain.schemes import Agency, SchemeKind
from hub.commands.base import Command

# Activities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordActivity(Command):
    """``owner_id`` is the project's or the La Collaborative scheme's id."""

    owner_id: UUID
    code: str
    kind: ActivityKind
    title: str
    held_on: date
    place: Place
    partners: tuple[UUID, ...] = ()
    participants: ParticipantCounts | None = None
    starts_at: time | None = None  # local times at the place
    ends_at: time | None = None
    time_zone: str | None = None  # IANA; default: the place's country's, when it has one


@dataclass(frozen=True)
class CountParticipants(Command):
    activity_id: UUID
    participants: ParticipantCounts


@dataclass(frozen=True)
class AddTravelLeg(Command):
    activity_id: UUID
    leg: TravelLeg


@dataclass(frozen=True)
class ContributeToIndicator(Command):
    activity_id: UUID
    indicator_code: str
    value: Decimal


@dataclass(frozen=True)
class CancelActivity(Command):
    activity_id: UUID
    reason: str


# La Collaborative schemes ---------------------------------------------------------------


@dataclass(frozen=True)
class LaunchScheme(Command):
    kind: SchemeKind
    edition: str
    coordinator: Agency
    launched_on: date
    agencies: tuple[Agency, ...] = ()


@dataclass(frozen=True)
class AdmitAgency(Command):
    scheme_id: UUID
    agency: Agency


@dataclass(frozen=True)
class RecordParticipation(Command):
    scheme_id: UUID
    agency: Agency
    held_on: date
    description: str
    host_region: str
    participants: ParticipantCounts
    activity_id: UUID | None = None
