"""A year (2021) of the projects' activities: performances, residencies, seminars,
trainings, job shadowing, labs, online meetings and mobilities, with participant counts,
travel legs and contributions to indicators.

The kinds of activity follow the seed's description of each project; dates, places,
counts and distances are illustrative, drawn from a fixed seed. Performances in France
before 19 May 2021 are cancelled (venues were closed by the health measures).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from uuid import UUID

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.participants import ParticipantCounts
from hub.commands import (
    AddTravelLeg,
    CancelActivity,
    Command,
    ContributeToIndicator,
    CountParticipants,
    RecordActivity,
)
from hub.demo.organisations import org_id
from hub.demo.projects import BY_KEY as PROJECTS

K = ActivityKind
VENUES_REOPENED = date(2021, 5, 19)
# Times of day of the kinds that keep a timetable (local to the place; the others are
# recorded by their day). Québec needs its zone named: Canada has several.
TIMES = {
    K.PERFORMANCE: (time(20, 30), time(22, 0)),
    K.SEMINAR: (time(9, 30), time(17, 30)),
    K.ONLINE_MEETING: (time(16, 0), time(17, 30)),
}
ZONES = {"CA": "America/Toronto"}
CITIES = {
    "pyrenart": (("Tarbes", "FR"), ("Foix", "FR"), ("Auch", "FR"), ("Toulouse", "FR"),
                 ("Zaragoza", "ES"), ("Barcelona", "ES"), ("Pamplona", "ES"), ("Huesca", "ES")),
    "travesia": (("Toulouse", "FR"), ("Auch", "FR"), ("Barcelona", "ES"), ("Girona", "ES"),
                 ("Bilbao", "ES")),
    "bsa2": (("Nîmes", "FR"), ("Toulouse", "FR"), ("Sète", "FR"), ("Ganges", "FR"),
             ("Montpellier", "FR")),
    "sp": (("Montpellier", "FR"), ("Lisboa", "PT"), ("Sevilla", "ES"), ("Palermo", "IT")),
    "ser": (("Montpellier", "FR"), ("Toulouse", "FR"), ("Montréal", "CA"), ("Québec", "CA")),
    "tc": (("Toulouse", "FR"), ("Montpellier", "FR"), ("Perpignan", "FR"), ("Albi", "FR")),
    "caa": (("Montpellier", "FR"), ("Liège", "BE"), ("Roma", "IT"), ("Porto", "PT")),
}  # fmt: skip


@dataclass(frozen=True)
class Series:
    """``count`` activities of one kind spread over 2021 (months ``first``..``last``)."""

    kind: ActivityKind
    title: str
    count: int
    first: int = 1
    last: int = 12
    audience: str = "professionals"
    size: tuple[int, int] = (8, 40)
    legs: tuple[tuple[TravelMode, int, int], ...] = ()  # mode, km, travellers
    indicators: tuple[str, ...] = ()


SERIES: dict[str, tuple[Series, ...]] = {
    "pyrenart": (
        Series(K.ONLINE_MEETING, "MOOC live session", 12, size=(40, 120), indicators=("O1",)),
        Series(K.SEMINAR, "International skills seminar", 4, 3, 11, indicators=("O1",)),
        Series(K.MOBILITY, "Itinéraires Pyrénées circuit for foreign programmers", 6, 6, 11,
               legs=((TravelMode.COACH, 420, 14), (TravelMode.PLANE_SHORT_HAUL, 900, 3)),
               indicators=("O3", "AG21-COOP")),
        Series(K.PERFORMANCE, "Cross-border co-production on tour", 60, 2, 12, "audience",
               (80, 420), ((TravelMode.VAN, 260, 5),), ("O2", "AG21-PERF", "AG21-TEAMS")),
        Series(K.RESIDENCY, "Cross-border creation residency", 4, 2, 10, "artists", (4, 9),
               ((TravelMode.TRAIN, 350, 5),), ("AG21-WORKS",)),
    ),
    "travesia": (
        Series(K.SEMINAR, "Capitalisation seminar", 3, 3, 11, size=(25, 60), indicators=("O1",)),
        Series(K.LAB, "Research lab on preparing circus projects", 3, 4, 10, "artists", (6, 14)),
        Series(K.LAB, "Creative marathon on artist support", 1, 10, 10, "artists", (20, 30)),
        Series(K.PERFORMANCE, "Cross-border circus performance", 30, 5, 12, "audience",
               (120, 600), ((TravelMode.VAN, 310, 6),), ("O2",)),
        Series(K.TRAINING, "Diffusion support training", 4, 2, 11, indicators=("O1",)),
        Series(K.ONLINE_MEETING, "Observation working group", 12, size=(8, 16)),
    ),
    "bsa2": (
        Series(K.SEMINAR, "Spectators' committee meeting", 64, 1, 12, "audience", (8, 18),
               indicators=("R1",)),
        Series(K.PERFORMANCE, "Show chosen by the spectators' committees", 24, 5, 12,
               "audience", (90, 350), ((TravelMode.VAN, 180, 4),), ("O2",)),
        Series(K.RESIDENCY, "Participatory residency", 2, 9, 11, "artists", (4, 8)),
        Series(K.MOBILITY, "Be SpectACTive! partners' meeting", 2, 6, 11,
               legs=((TravelMode.PLANE_SHORT_HAUL, 1100, 4), (TravelMode.TRAIN, 240, 4)),
               indicators=("O3",)),
    ),
    "sp": (
        Series(K.RESIDENCY, "Production tandem residency", 4, 3, 11, "artists", (4, 10),
               ((TravelMode.PLANE_SHORT_HAUL, 1500, 3),), ("O2",)),
        Series(K.SEMINAR, "Training and accompaniment seminar", 4, 2, 11, indicators=("O1",)),
        Series(K.ONLINE_MEETING, "Southern coalition online meeting", 10, size=(10, 30)),
        Series(K.MOBILITY, "Peripheries study visit", 2, 9, 11,
               legs=((TravelMode.PLANE_SHORT_HAUL, 1700, 5),), indicators=("O3",)),
    ),
    "ser": (
        Series(K.JOB_SHADOWING, "Binôme of venue professionals", 12, 4, 11, size=(2, 2),
               legs=((TravelMode.PLANE_LONG_HAUL, 5600, 1), (TravelMode.TRAIN, 750, 1)),
               indicators=("O3", "AG21-COOP")),
        Series(K.SEMINAR, "Thematic seminar with show scouting", 3, 6, 11, size=(20, 45),
               legs=((TravelMode.PLANE_LONG_HAUL, 5600, 6),), indicators=("O1",)),
        Series(K.LAB, "Québec-France artistic research lab", 2, 9, 12, "artists", (6, 10),
               ((TravelMode.PLANE_LONG_HAUL, 5600, 4),), ("AG21-WORKS",)),
        Series(K.ONLINE_MEETING, "Québec-Occitanie network meeting", 12, size=(12, 35)),
    ),
    "tc": (
        Series(K.TRAINING, "Awareness session for guidance professionals", 16, 2, 12,
               "guidance_professionals", (10, 30), indicators=("O1",)),
        Series(K.ONLINE_MEETING, "Training-offer working group", 6, size=(8, 20)),
        Series(K.SEMINAR, "Documentary kit presentation", 2, 10, 12, size=(30, 70)),
    ),
    "caa": (
        Series(K.TRAINING, "Cooperative facilitation training module", 6, 2, 12,
               indicators=("O1", "AG21-COOP")),
        Series(K.LAB, "Collective intelligence lab", 4, 3, 11, size=(10, 20)),
        Series(K.ONLINE_MEETING, "CoopAnimArt partners' meeting", 12, size=(6, 14)),
        Series(K.MOBILITY, "Transnational project meeting", 2, 6, 11,
               legs=((TravelMode.TRAIN, 1150, 3), (TravelMode.PLANE_SHORT_HAUL, 1200, 2)),
               indicators=("O3",)),
    ),
}  # fmt: skip


def counts(rng: random.Random, total: int, category: str) -> ParticipantCounts:
    women = total * rng.randrange(45, 65) // 100
    non_binary = total // 40
    undisclosed = total // 25
    men = total - women - non_binary - undisclosed
    by_gender = {"women": women, "men": men, "non_binary": non_binary, "undisclosed": undisclosed}
    return ParticipantCounts(by_gender, {category: total})


def held_on(rng: random.Random, series: Series, index: int) -> date:
    months = series.last - series.first + 1
    month = series.first + (index * months) // series.count
    day = date(2021, month, 1) + timedelta(days=rng.randrange(27))
    return day if day.weekday() < 6 else day - timedelta(days=1)


def activity_script(
    owner: UUID, code: str, series: Series, index: int, cities: tuple[tuple[str, str], ...],
    partners: tuple[UUID, ...], rng: random.Random,
) -> list[Command]:  # fmt: skip
    """Record, count, add travel legs, contribute to indicators; or record and cancel."""
    activity_id = Activity.create_id(owner, code)
    city, country = cities[index % len(cities)]
    on = held_on(rng, series, index)
    online = series.kind == K.ONLINE_MEETING
    place = Place("online" if online else city, "FR" if online else country,
                  "" if online else f"{city} partner venue (generic)")  # fmt: skip
    title = f"{series.title} #{index + 1}"
    starts_at, ends_at = TIMES.get(series.kind, (None, None))
    zone = ZONES.get(place.country) if starts_at else None
    record = RecordActivity(
        owner, code, series.kind, title, on, place, partners, None, starts_at, ends_at, zone
    )
    if series.kind == K.PERFORMANCE and country == "FR" and on < VENUES_REOPENED:
        return [record, CancelActivity(activity_id, "Venues closed by the health measures")]
    counted = counts(rng, rng.randrange(series.size[0], series.size[1] + 1), series.audience)
    steps: list[Command] = [record, CountParticipants(activity_id, counted)]
    for mode, km, travellers in series.legs:
        distance = Decimal(km + rng.randrange(-km // 5, km // 5 + 1))
        steps.append(AddTravelLeg(activity_id, TravelLeg(mode, distance, travellers)))
    for indicator in series.indicators:
        value = counted.total if indicator in ("O1", "AG21-COOP") else 1
        steps.append(ContributeToIndicator(activity_id, indicator, Decimal(value)))
    return steps


def project_activities(key: str) -> dict[str, list[Command]]:
    spec = PROJECTS[key]
    partners = tuple(org_id(k) for k in spec.budget_holders())
    scripts = {}
    for s, series in enumerate(SERIES[key], start=1):
        for index in range(series.count):
            code = f"{key.upper()}-2021-{s}{index + 1:02d}"
            rng = random.Random(code)
            chosen = (partners[0], partners[1 + index % (len(partners) - 1)])
            scripts[f"activity:{code}"] = activity_script(
                spec.id, code, series, index, CITIES[key], chosen, rng
            )
    return scripts


ACTIVITIES: dict[str, list[Command]] = {
    name: steps for key in SERIES for name, steps in project_activities(key).items()
}
