"""Activities actually held (actions / actividades): performances, residencies,
seminars, trainings, job shadowing, labs, online meetings, mobilities.

Travel legs carry a carbon estimate, as Objectif 13 asks for touring and audience
mobility. The emission factors below are ILLUSTRATIVE orders of magnitude in the spirit
of ADEME's Base Empreinte, not authoritative values: replace them with the factors your
funder prescribes. Shared modes are per passenger-km (times travellers); vehicle modes
(car, van) are per vehicle-km, whoever rides in them.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventsourcing.domain import Aggregate, event

from domain.errors import ActivityCancelled, InvalidSchedule, NegativeCount
from domain.organisation import check_country
from domain.participants import ParticipantCounts

ACTIVITY_NAMESPACE = UUID("7c9d1e36-8f2a-5b7c-ad3e-4f5a6b7c8d97")


class ActivityKind(StrEnum):
    PERFORMANCE = "performance"
    RESIDENCY = "residency"
    SEMINAR = "seminar"
    TRAINING = "training"
    JOB_SHADOWING = "job_shadowing"
    LAB = "lab"
    ONLINE_MEETING = "online_meeting"
    MOBILITY = "mobility"


class TravelMode(StrEnum):
    TRAIN = "train"
    COACH = "coach"
    CAR = "car"
    VAN = "van"
    PLANE_SHORT_HAUL = "plane_short_haul"
    PLANE_LONG_HAUL = "plane_long_haul"
    FERRY = "ferry"
    BICYCLE = "bicycle"


# kg CO2e per passenger-km (shared modes) or per vehicle-km (car, van). Illustrative.
EMISSION_FACTORS: dict[TravelMode, Decimal] = {
    TravelMode.TRAIN: Decimal("0.005"),
    TravelMode.COACH: Decimal("0.030"),
    TravelMode.CAR: Decimal("0.220"),
    TravelMode.VAN: Decimal("0.280"),
    TravelMode.PLANE_SHORT_HAUL: Decimal("0.230"),
    TravelMode.PLANE_LONG_HAUL: Decimal("0.150"),
    TravelMode.FERRY: Decimal("0.110"),
    TravelMode.BICYCLE: Decimal("0"),
}
PER_VEHICLE = frozenset({TravelMode.CAR, TravelMode.VAN})


@dataclass(frozen=True)
class TravelLeg:
    """One leg of a journey: ``TravelLeg(TRAIN, Decimal("250"), travellers=4)``."""

    mode: TravelMode
    distance_km: Decimal
    travellers: int = 1

    def __post_init__(self) -> None:
        if self.distance_km < 0 or self.travellers < 0:
            raise NegativeCount("distance and travellers are never negative")

    @property
    def kg_co2e(self) -> Decimal:
        people = 1 if self.mode in PER_VEHICLE else self.travellers
        return (EMISSION_FACTORS[self.mode] * self.distance_km * people).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Place:
    city: str
    country: str
    venue: str = ""


# The time zone of an activity's times when none is given: countries of one zone, and
# Spain and Portugal, whose mainland zone is the partners' own (the Canaries, the Azores and
# Madeira give theirs). Elsewhere (Canada, the United States…) it must be given.
TIME_ZONES = {
    "FR": "Europe/Paris", "AD": "Europe/Andorra", "MC": "Europe/Monaco",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "BE": "Europe/Brussels", "LU": "Europe/Luxembourg", "NL": "Europe/Amsterdam",
    "DE": "Europe/Berlin", "CH": "Europe/Zurich", "IT": "Europe/Rome", "AT": "Europe/Vienna",
    "IE": "Europe/Dublin", "GB": "Europe/London", "PL": "Europe/Warsaw", "CZ": "Europe/Prague",
    "SK": "Europe/Bratislava", "HU": "Europe/Budapest", "SI": "Europe/Ljubljana",
    "HR": "Europe/Zagreb", "RO": "Europe/Bucharest", "BG": "Europe/Sofia",
    "GR": "Europe/Athens", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm",
    "FI": "Europe/Helsinki", "NO": "Europe/Oslo", "EE": "Europe/Tallinn", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "MT": "Europe/Malta", "CY": "Asia/Nicosia",
}  # fmt: skip


@dataclass(frozen=True)
class Schedule:
    """When on its day an activity takes place: local times at the place, in ``time_zone``
    (IANA). No schedule: the day is all the log knows."""

    starts_at: time
    ends_at: time | None
    time_zone: str

    def starts(self, day: date) -> datetime:
        return datetime.combine(day, self.starts_at, ZoneInfo(self.time_zone))

    def ends(self, day: date) -> datetime | None:
        if self.ends_at is None:
            return None
        return datetime.combine(day, self.ends_at, ZoneInfo(self.time_zone))


def schedule(
    starts_at: time | None, ends_at: time | None, time_zone: str | None, country: str
) -> Schedule | None:
    """The checked schedule of an activity held in ``country`` (None: a day only)."""
    if starts_at is None:
        if ends_at is not None or time_zone is not None:
            raise InvalidSchedule("an end time or a time zone needs a start time")
        return None
    if starts_at.tzinfo is not None or (ends_at is not None and ends_at.tzinfo is not None):
        raise InvalidSchedule("times are local to the place: give the time zone apart")
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidSchedule(f"the activity must end after it starts ({starts_at}) that day")
    zone = time_zone or TIME_ZONES.get(country)
    if zone is None:
        raise InvalidSchedule(f"give the time zone: {country} has no single one")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(f"unknown time zone {zone!r} (IANA names: Europe/Paris…)") from None
    return Schedule(starts_at, ends_at, zone)


class Activity(Aggregate):
    """An activity of a project or La Collaborative scheme (``owner_id``)."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    class Recorded(Aggregate.Created):
        """Schema version 2 added ``schedule`` (the times of the day, with their time zone);
        version 1 recorded the day only, which reads as no schedule."""

        class_version = 2
        owner_id: UUID
        code: str
        kind: ActivityKind
        title: str
        held_on: date
        place: Place
        partners: tuple[UUID, ...]
        participants: ParticipantCounts
        schedule: Schedule | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["schedule"] = None

    @staticmethod
    def create_id(owner_id: UUID, code: str) -> UUID:
        return uuid5(ACTIVITY_NAMESPACE, f"{owner_id}:{code.strip().upper()}")

    @classmethod
    def record(
        cls,
        owner_id: UUID,
        code: str,
        kind: ActivityKind,
        title: str,
        held_on: date,
        place: Place,
        partners: tuple[UUID, ...] = (),
        participants: ParticipantCounts | None = None,
        starts_at: time | None = None,
        ends_at: time | None = None,
        time_zone: str | None = None,
    ) -> "Activity":
        checked = Place(place.city, check_country(place.country), place.venue)
        return cls(
            owner_id=owner_id,
            code=code.strip().upper(),
            kind=kind,
            title=title,
            held_on=held_on,
            place=checked,
            partners=tuple(partners),
            participants=participants or ParticipantCounts(),
            schedule=schedule(starts_at, ends_at, time_zone, checked.country),
        )

    @event(Recorded)
    def __init__(
        self,
        owner_id: UUID,
        code: str,
        kind: ActivityKind,
        title: str,
        held_on: date,
        place: Place,
        partners: tuple[UUID, ...],
        participants: ParticipantCounts,
        schedule: Schedule | None,
    ) -> None:
        self.owner_id = owner_id
        self.code = code
        self.kind = kind
        self.title = title
        self.held_on = held_on
        self.schedule = schedule
        self.place = place
        self.partners = partners
        self.participants = participants
        self.travel_legs: tuple[TravelLeg, ...] = ()
        self.indicator_contributions: dict[str, Decimal] = {}
        self.cancelled = False

    def count_participants(self, participants: ParticipantCounts) -> None:
        self._require_active()
        self._participants_counted(participants)

    @event("ParticipantsCounted")
    def _participants_counted(self, participants: ParticipantCounts) -> None:
        self.participants = participants

    def add_travel_leg(self, leg: TravelLeg) -> None:
        self._require_active()
        self._travel_leg_added(leg, leg.kg_co2e)

    @event("TravelLegAdded")
    def _travel_leg_added(self, leg: TravelLeg, kg_co2e: Decimal) -> None:
        self.travel_legs = (*self.travel_legs, leg)

    def contribute_to_indicator(self, indicator_code: str, value: Decimal) -> None:
        """This activity counts ``value`` towards a plan indicator (e.g. "O2.1")."""
        self._require_active()
        if value < 0:
            raise NegativeCount(f"{value} is negative")
        self._indicator_contributed(indicator_code, value)

    @event("IndicatorContributed")
    def _indicator_contributed(self, indicator_code: str, value: Decimal) -> None:
        self.indicator_contributions[indicator_code] = value

    def cancel(self, reason: str) -> None:
        self._require_active()
        self._cancelled(reason)

    @event("Cancelled")
    def _cancelled(self, reason: str) -> None:
        self.cancelled = True

    def carbon_estimate_kg(self) -> Decimal:
        """kg CO2e of all travel legs, with the illustrative factors above."""
        return sum((leg.kg_co2e for leg in self.travel_legs), Decimal(0))

    def _require_active(self) -> None:
        if self.cancelled:
            raise ActivityCancelled(self.code)
