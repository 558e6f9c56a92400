from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.errors import (
    ActivityBeforeSchemeLaunch,
    ActivityCancelled,
    AgencyAlreadyParticipating,
    AgencyNotParticipating,
    DateOutsideProjectPeriod,
    InvalidSchedule,
    NegativeCount,
    UnknownGender,
)
from domain.participants import ParticipantCounts
from domain.schemes import Agency, Scheme, SchemeKind
from tests.unit.builders import CIRCA_AUCH, OCCITANIE_EN_SCENE, pyrenart


def seminar() -> Activity:
    counts = ParticipantCounts({"women": 14, "men": 9}, {"artists": 15, "programmers": 8})
    return Activity.record(
        uuid4(),
        "a2.1-1",
        ActivityKind.SEMINAR,
        "Capitalisation seminar",
        date(2021, 10, 14),
        Place("Toulouse", "fr", "La Grainerie"),
        (OCCITANIE_EN_SCENE, CIRCA_AUCH),
        counts,
    )


def test_participants_are_counted_by_gender_and_category() -> None:
    assert seminar().participants.total == 23


def test_an_unknown_gender_key_is_refused() -> None:
    with pytest.raises(UnknownGender):
        ParticipantCounts({"female": 3})


def test_a_negative_participant_count_is_refused() -> None:
    with pytest.raises(NegativeCount):
        ParticipantCounts({"women": -1})


def test_travel_legs_add_up_to_a_carbon_estimate() -> None:
    activity = seminar()
    activity.add_travel_leg(TravelLeg(TravelMode.TRAIN, Decimal("250"), travellers=4))
    activity.add_travel_leg(TravelLeg(TravelMode.VAN, Decimal("400"), travellers=3))
    assert activity.carbon_estimate_kg() == Decimal("5.0") + Decimal("112.0")


def test_a_car_is_counted_per_vehicle_and_a_plane_per_passenger() -> None:
    assert TravelLeg(TravelMode.CAR, Decimal("100"), 4).kg_co2e == Decimal("22.0")
    assert TravelLeg(TravelMode.PLANE_SHORT_HAUL, Decimal("100"), 4).kg_co2e == Decimal("92.0")


def test_an_activity_contributes_to_indicators_until_cancelled() -> None:
    activity = seminar()
    activity.contribute_to_indicator("O2.1", Decimal("1"))
    activity.cancel("venue closed")
    with pytest.raises(ActivityCancelled):
        activity.contribute_to_indicator("O2.2", Decimal("1"))
    assert activity.indicator_contributions == {"O2.1": Decimal("1")}


def jeudigraphies() -> Scheme:
    agencies = (
        Agency.OARA_NOUVELLE_AQUITAINE,
        Agency.AGENCE_CULTURELLE_GRAND_EST,
        Agency.SPECTACLE_VIVANT_EN_BRETAGNE,
    )
    return Scheme.launch(
        SchemeKind.JEUDIGRAPHIES, "2021", Agency.OCCITANIE_EN_SCENE, date(2021, 2, 1), agencies
    )


def test_a_scheme_records_participation_of_its_agencies() -> None:
    scheme = jeudigraphies()
    number = scheme.record_participation(
        Agency.OCCITANIE_EN_SCENE,
        date(2021, 2, 25),
        "Jeudigraphie Occitanie",
        "Occitanie",
        ParticipantCounts({"women": 40, "men": 22}),
    )
    assert number == 1
    assert scheme.agencies[0] == Agency.OCCITANIE_EN_SCENE


def test_an_agency_outside_the_scheme_cannot_record_participation() -> None:
    with pytest.raises(AgencyNotParticipating) as caught:
        jeudigraphies().record_participation(
            Agency.ODIA_NORMANDIE,
            date(2021, 6, 10),
            "Jeudigraphie Normandie",
            "Normandie",
            ParticipantCounts(),
        )
    assert caught.value.rule == "agency_not_participating"


def test_an_agency_joins_a_scheme_once() -> None:
    scheme = jeudigraphies()
    scheme.admit_agency(Agency.ODIA_NORMANDIE)
    with pytest.raises(AgencyAlreadyParticipating):
        scheme.admit_agency(Agency.ODIA_NORMANDIE)


def test_a_project_activity_is_held_within_the_project_period() -> None:
    project = pyrenart()
    project.check_activity_date(project.period.start)
    with pytest.raises(DateOutsideProjectPeriod):
        project.check_activity_date(date(1900, 1, 1))
    assert project.period.end is not None
    with pytest.raises(DateOutsideProjectPeriod):
        project.check_activity_date(date.fromordinal(project.period.end.toordinal() + 1))


def test_a_scheme_activity_comes_after_the_scheme_is_launched() -> None:
    scheme = jeudigraphies()
    scheme.check_activity_date(date(2021, 2, 1))
    with pytest.raises(ActivityBeforeSchemeLaunch):
        scheme.check_activity_date(date(2021, 1, 31))


def performance(place: Place, **times: object) -> Activity:
    return Activity.record(
        uuid4(), "perf-1", ActivityKind.PERFORMANCE, "Closing night", date(2021, 10, 14),
        place, **times,  # type: ignore[arg-type]
    )  # fmt: skip


def test_an_activitys_times_are_on_the_clock_of_its_place() -> None:
    toulouse = performance(Place("Toulouse", "FR"), starts_at=time(20, 30), ends_at=time(22))
    assert toulouse.schedule is not None and toulouse.schedule.time_zone == "Europe/Paris"
    starts = toulouse.schedule.starts(toulouse.held_on)
    assert starts.astimezone(UTC) == datetime(2021, 10, 14, 18, 30, tzinfo=UTC)  # summer time
    ends = toulouse.schedule.ends(toulouse.held_on)
    assert ends is not None and ends - starts == timedelta(hours=1, minutes=30)
    montreal = performance(
        Place("Montréal", "CA"), starts_at=time(19, 30), time_zone="America/Toronto"
    )
    assert montreal.schedule is not None and montreal.schedule.ends(montreal.held_on) is None
    in_paris = montreal.schedule.starts(montreal.held_on).astimezone(ZoneInfo("Europe/Paris"))
    assert (in_paris.date(), in_paris.time()) == (date(2021, 10, 15), time(1, 30))


def test_a_spanish_partners_times_default_to_mainland_spain() -> None:
    huesca = performance(Place("Huesca", "ES"), starts_at=time(21))
    assert huesca.schedule is not None and huesca.schedule.time_zone == "Europe/Madrid"
    canaries = performance(
        Place("Las Palmas", "ES"), starts_at=time(21), time_zone="Atlantic/Canary"
    )
    assert canaries.schedule is not None
    assert canaries.schedule.starts(canaries.held_on).utcoffset() == timedelta(hours=1)


def test_an_activity_without_times_is_known_by_its_day_only() -> None:
    assert performance(Place("Auch", "FR")).schedule is None


@pytest.mark.parametrize(
    ("place", "times"),
    [
        (Place("Auch", "FR"), {"starts_at": time(20), "ends_at": time(19)}),
        (Place("Auch", "FR"), {"starts_at": time(20), "ends_at": time(20)}),
        (Place("Auch", "FR"), {"ends_at": time(22)}),
        (Place("Auch", "FR"), {"time_zone": "Europe/Paris"}),
        (Place("Auch", "FR"), {"starts_at": time(20, tzinfo=UTC)}),
        (Place("Auch", "FR"), {"starts_at": time(20), "time_zone": "Europe/Toulouse"}),
        (Place("Montréal", "CA"), {"starts_at": time(19)}),
    ],
    ids=["ends-before", "ends-as-it-starts", "end-only", "zone-only", "offset", "unknown-zone",
         "country-of-several-zones"],
)  # fmt: skip
def test_a_schedule_that_cannot_be_placed_on_a_clock_is_refused(place, times) -> None:
    with pytest.raises(InvalidSchedule):
        performance(place, **times)
