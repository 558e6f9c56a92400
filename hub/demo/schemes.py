"""La Collaborative's 2021 schemes with the five regional agencies, their activities and
each agency's participations.

From the seed: the schemes and what they do, the Faire-Part of May 2021 at l'Autre
Festival, the two cARTographie sessions, Objectif 13 starting in April 2021, and the five
Jeudigraphies with their dates and hosts. Coordinators other than the hosts named in the
seed, the other dates, places, counts and distances are illustrative.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.activities import Activity, ActivityKind, Place, TravelLeg, TravelMode
from domain.schemes import Agency, Scheme, SchemeKind
from hub.commands import (
    AddTravelLeg,
    AdmitAgency,
    Command,
    CountParticipants,
    LaunchScheme,
    RecordActivity,
    RecordParticipation,
)
from hub.demo.activities import counts

A, K, M = Agency, ActivityKind, TravelMode
ALL = tuple(Agency)
REGION = {
    A.OCCITANIE_EN_SCENE: ("Occitanie", "Toulouse"),
    A.OARA_NOUVELLE_AQUITAINE: ("Nouvelle-Aquitaine", "Bordeaux"),
    A.AGENCE_CULTURELLE_GRAND_EST: ("Grand Est", "Strasbourg"),
    A.SPECTACLE_VIVANT_EN_BRETAGNE: ("Bretagne", "Rennes"),
    A.ODIA_NORMANDIE: ("Normandie", "Caen"),
}
KM_FROM_TOULOUSE = {  # road distances, rounded (illustrative)
    A.OCCITANIE_EN_SCENE: 0, A.OARA_NOUVELLE_AQUITAINE: 245, A.AGENCE_CULTURELLE_GRAND_EST: 1000,
    A.SPECTACLE_VIVANT_EN_BRETAGNE: 800, A.ODIA_NORMANDIE: 850,
}  # fmt: skip
EDITIONS = {
    SchemeKind.FAIRE_PART: ("2021", A.OCCITANIE_EN_SCENE, date(2021, 1, 15), ALL),
    SchemeKind.PARTAGER: ("2021", A.OARA_NOUVELLE_AQUITAINE, date(2021, 2, 1),
                          (A.OCCITANIE_EN_SCENE, A.AGENCE_CULTURELLE_GRAND_EST)),
    SchemeKind.CARTOGRAPHIE: ("2021", A.AGENCE_CULTURELLE_GRAND_EST, date(2021, 2, 15), ALL),
    SchemeKind.OBJECTIF_13: ("2021-2023", A.OCCITANIE_EN_SCENE, date(2021, 4, 1), ALL),
    SchemeKind.JEUDIGRAPHIES: ("2021", A.OCCITANIE_EN_SCENE, date(2021, 1, 20), ALL),
}  # fmt: skip
SCHEME_NAMES = {
    SchemeKind.FAIRE_PART: "Faire-Part",
    SchemeKind.PARTAGER: "pARTager",
    SchemeKind.CARTOGRAPHIE: "cARTographie",
    SchemeKind.OBJECTIF_13: "Objectif 13",
    SchemeKind.JEUDIGRAPHIES: "Jeudigraphies",
}
JEUDIGRAPHIES = (  # from the seed: every one from 10:00 to 12:30, online
    (date(2021, 2, 25), A.OCCITANIE_EN_SCENE),
    (date(2021, 3, 18), A.OARA_NOUVELLE_AQUITAINE),
    (date(2021, 4, 15), A.AGENCE_CULTURELLE_GRAND_EST),
    (date(2021, 5, 6), A.SPECTACLE_VIVANT_EN_BRETAGNE),
    (date(2021, 6, 10), A.ODIA_NORMANDIE),
)


def scheme_id(kind: SchemeKind) -> UUID:
    return Scheme.create_id(kind, EDITIONS[kind][0])


def launch_commands() -> dict[str, list[Command]]:
    scripts: dict[str, list[Command]] = {}
    for kind, (edition, coordinator, launched_on, agencies) in EDITIONS.items():
        scripts[f"scheme:{kind}"] = [LaunchScheme(kind, edition, coordinator, launched_on,
                                                  agencies)]  # fmt: skip
    return scripts


@dataclass(frozen=True)
class SchemeEvent:
    """An activity of a scheme (its commands) and the agency's participation in it."""

    kind: SchemeKind
    code: str
    steps: list[Command]
    participation: RecordParticipation


def _event(
    kind: SchemeKind, code: str, activity: ActivityKind, title: str, on: date, agency: Agency,
    place: Place, size: int, legs: tuple[TravelLeg, ...] = (),
) -> SchemeEvent:  # fmt: skip
    owner = scheme_id(kind)
    activity_id = Activity.create_id(owner, code)
    people = counts(random.Random(code), size, "professionals")
    steps: list[Command] = [
        RecordActivity(owner, code, activity, title, on, place),
        CountParticipants(activity_id, people),
        *(AddTravelLeg(activity_id, leg) for leg in legs),
    ]
    region = REGION[agency][0] if place.city == "online" else place.city
    participation = RecordParticipation(owner, agency, on, title, region, people, activity_id)
    return SchemeEvent(kind, code, steps, participation)


def online() -> Place:
    return Place("online", "FR")


def in_region(agency: Agency, venue: str = "") -> Place:
    return Place(REGION[agency][1], "FR", venue)


def trip(agency: Agency, travellers: int, mode: TravelMode = M.TRAIN) -> tuple[TravelLeg, ...]:
    km = Decimal(KM_FROM_TOULOUSE[agency])
    return (TravelLeg(mode, km, travellers), TravelLeg(mode, km, travellers))  # there and back


def jeudigraphies() -> list[SchemeEvent]:
    return [
        _event(SchemeKind.JEUDIGRAPHIES, f"JEU-{n}", K.ONLINE_MEETING,
               f"Jeudigraphie {REGION[host][0]} (10:00-12:30)", on, host, online(), 60 + 9 * n)
        for n, (on, host) in enumerate(JEUDIGRAPHIES, 1)
    ]  # fmt: skip


def faire_part() -> list[SchemeEvent]:
    """May 2021 at l'Autre Festival (seed); an autumn return visit per region (illustrative)."""
    autre = Place("Occitanie (city not given in the seed)", "FR", "L'Autre Festival")
    events = []
    for n, agency in enumerate(ALL[1:], 1):
        region = REGION[agency][0]
        events += [
            _event(SchemeKind.FAIRE_PART, f"FP-MAY-{n}", K.MOBILITY,
                   f"Faire-Part at l'Autre Festival: programmers from {region}",
                   date(2021, 5, 27), agency, autre, 4 + n, trip(agency, 4 + n)),
            _event(SchemeKind.FAIRE_PART, f"FP-AUT-{n}", K.MOBILITY,
                   f"Faire-Part autumn festival in {region}: programmers from Occitanie",
                   date(2021, 9 + n % 3, 7 + n), A.OCCITANIE_EN_SCENE, in_region(agency), 5,
                   trip(agency, 5)),
        ]  # fmt: skip
    return events


def partager() -> list[SchemeEvent]:
    events = []
    for n in range(10):
        host, guest = ALL[n % 5], ALL[(n + 2) % 5]
        travelling_from = host if guest == A.OCCITANIE_EN_SCENE else guest
        events.append(
            _event(SchemeKind.PARTAGER, f"PAR-{n + 1}", K.JOB_SHADOWING,
                   f"pARTager pair: {REGION[guest][0]} team shadows a {REGION[host][0]} team",
                   date(2021, 3 + n % 9, 10 + n), guest, in_region(host), 2,
                   trip(travelling_from, 1))
        )  # fmt: skip
    return events


def cartographie() -> list[SchemeEvent]:
    return [
        _event(SchemeKind.CARTOGRAPHIE, f"CAR-{n}", K.ONLINE_MEETING,
               f"cARTographie information session {n}: touring in other regions", on,
               ALL[2 * n - 1], online(), 110 + 20 * n)
        for n, on in enumerate((date(2021, 6, 22), date(2021, 11, 18)), 1)
    ]  # fmt: skip


EXPERIMENTS = (
    ("touring by train instead of van", (TravelLeg(M.TRAIN, Decimal(640), 6),)),
    ("touring by van, shared set", (TravelLeg(M.VAN, Decimal(640), 6),)),
    ("audience shuttle by coach", (TravelLeg(M.COACH, Decimal(35), 48),)),
    ("audience by bicycle and car-sharing",
     (TravelLeg(M.BICYCLE, Decimal(8), 30), TravelLeg(M.CAR, Decimal(25), 3))),
)  # fmt: skip


def objectif_13() -> list[SchemeEvent]:
    """Self-diagnosis trainings, referents, field experiments on touring and audiences."""
    o13, events = SchemeKind.OBJECTIF_13, []
    for n, agency in enumerate(ALL, 1):
        region = REGION[agency][0]
        events += [
            _event(o13, f"O13-T{n}", K.TRAINING, f"Objectif 13 self-diagnosis training, {region}",
                   date(2021, 5 + n, 8 + n), agency, in_region(agency), 12 + n),
            _event(o13, f"O13-R{n}", K.ONLINE_MEETING, f"Objectif 13 referents meeting, {region}",
                   date(2021, 10, 4 + 3 * n), agency, online(), 6 + n),
        ]  # fmt: skip
    for n, (what, legs) in enumerate(EXPERIMENTS, 1):
        agency = ALL[n % 5]
        events.append(
            _event(o13, f"O13-X{n}", K.MOBILITY, f"Objectif 13 field experiment: {what}",
                   date(2021, 9 + n % 3, 12 + n), agency, in_region(agency), 20, legs)
        )  # fmt: skip
    return events


def scheme_events() -> list[SchemeEvent]:
    return [*jeudigraphies(), *faire_part(), *partager(), *cartographie(), *objectif_13()]


def scheme_activity_scripts() -> dict[str, list[Command]]:
    return {f"activity:{e.kind}:{e.code}": e.steps for e in scheme_events()}


def participation_scripts() -> dict[str, list[Command]]:
    """Per scheme, in order: late-joining agencies, then every participation."""
    scripts: dict[str, list[Command]] = {
        f"scheme:{SchemeKind.PARTAGER}": [
            AdmitAgency(scheme_id(SchemeKind.PARTAGER), A.SPECTACLE_VIVANT_EN_BRETAGNE),
            AdmitAgency(scheme_id(SchemeKind.PARTAGER), A.ODIA_NORMANDIE),
        ]
    }
    for event in scheme_events():
        scripts.setdefault(f"scheme:{event.kind}", []).append(event.participation)
    return scripts
