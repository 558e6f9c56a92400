"""Handlers of the Activity and La Collaborative Scheme commands."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.activities import Activity
from domain.project import Project
from domain.schemes import Scheme
from hub.commands import (
    AddTravelLeg,
    AdmitAgency,
    CancelActivity,
    ContributeToIndicator,
    CountParticipants,
    LaunchScheme,
    RecordActivity,
    RecordParticipation,
)
from hub.handlers.errors import AggregateNotFound
from hub.handlers.session import Handler, Session


async def record_activity(command: RecordActivity, session: Session) -> Aggregate:
    owner = await _activity_owner(session, command)
    owner.check_activity_date(command.held_on)
    return Activity.record(
        command.owner_id, command.code, command.kind, command.title, command.held_on,
        command.place, command.partners, command.participants, command.starts_at,
        command.ends_at, command.time_zone,
    )  # fmt: skip


async def _activity_owner(session: Session, command: RecordActivity) -> Project | Scheme:
    """The project or La Collaborative scheme the activity belongs to."""
    for kind in (Project, Scheme):
        try:
            owner = await session.find(kind, command.owner_id)
        except AggregateNotFound:  # a stream of the other kind
            continue
        if owner is not None:
            return owner
    raise AggregateNotFound("Project or Scheme", command.owner_id)


async def count_participants(command: CountParticipants, session: Session) -> Aggregate:
    activity = await session.get(Activity, command.activity_id)
    activity.count_participants(command.participants)
    return activity


async def add_travel_leg(command: AddTravelLeg, session: Session) -> Aggregate:
    activity = await session.get(Activity, command.activity_id)
    activity.add_travel_leg(command.leg)
    return activity


async def contribute_to_indicator(command: ContributeToIndicator, session: Session) -> Aggregate:
    activity = await session.get(Activity, command.activity_id)
    activity.contribute_to_indicator(command.indicator_code, command.value)
    return activity


async def cancel_activity(command: CancelActivity, session: Session) -> Aggregate:
    activity = await session.get(Activity, command.activity_id)
    activity.cancel(command.reason)
    return activity


async def launch_scheme(command: LaunchScheme, session: Session) -> Aggregate:
    return Scheme.launch(
        command.kind, command.edition, command.coordinator, command.launched_on, command.agencies
    )


async def admit_agency(command: AdmitAgency, session: Session) -> Aggregate:
    scheme = await session.get(Scheme, command.scheme_id)
    scheme.admit_agency(command.agency)
    return scheme


async def record_participation(command: RecordParticipation, session: Session) -> Aggregate:
    scheme = await session.get(Scheme, command.scheme_id)
    scheme.record_participation(
        command.agency, command.held_on, command.description, command.host_region,
        command.participants, command.activity_id,
    )  # fmt: skip
    return scheme


HANDLERS: dict[type, Handler] = {
    RecordActivity: record_activity,
    CountParticipants: count_participants,
    AddTravelLeg: add_travel_leg,
    ContributeToIndicator: contribute_to_indicator,
    CancelActivity: cancel_activity,
    LaunchScheme: launch_scheme,
    AdmitAgency: admit_agency,
    RecordParticipation: record_participation,
}
