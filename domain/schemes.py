"""La Collaborative's interregional schemes, run by the five regional agencies
(Occitanie en scène, OARA Nouvelle-Aquitaine, Agence culturelle Grand Est, Spectacle
vivant en Bretagne, Odia Normandie): Faire-Part (programmers' mobility to another
region's festival), pARTager (job shadowing), cARTographie (information sessions),
Objectif 13 (research-action on decarbonisation) and Jeudigraphies (monthly online
meetings, one per region)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    ActivityBeforeSchemeLaunch,
    AgencyAlreadyParticipating,
    AgencyNotParticipating,
)
from domain.participants import ParticipantCounts

SCHEME_NAMESPACE = UUID("1a5b7c49-3d6e-5f8a-8b9c-0d1e2f3a4b58")


class SchemeKind(StrEnum):
    FAIRE_PART = "faire_part"
    PARTAGER = "partager"
    CARTOGRAPHIE = "cartographie"
    OBJECTIF_13 = "objectif_13"
    JEUDIGRAPHIES = "jeudigraphies"


class Agency(StrEnum):
    OCCITANIE_EN_SCENE = "occitanie_en_scene"
    OARA_NOUVELLE_AQUITAINE = "oara_nouvelle_aquitaine"
    AGENCE_CULTURELLE_GRAND_EST = "agence_culturelle_grand_est"
    SPECTACLE_VIVANT_EN_BRETAGNE = "spectacle_vivant_en_bretagne"
    ODIA_NORMANDIE = "odia_normandie"


@dataclass(frozen=True)
class Participation:
    """What one agency did in the scheme on one day (a Faire-Part journey, a pARTager
    pair, a Jeudigraphie it hosted…), counted, never named."""

    number: int
    agency: Agency
    held_on: date
    description: str
    host_region: str
    participants: ParticipantCounts
    activity_id: UUID | None


class Scheme(Aggregate):
    """One edition of a scheme, e.g. Jeudigraphies 2021."""

    class Event(Aggregate.Event):
        """Base of this stream's events; schema version 1 unless an event says otherwise."""

        class_version = 1

    @staticmethod
    def create_id(kind: SchemeKind, edition: str) -> UUID:
        return uuid5(SCHEME_NAMESPACE, f"{kind}:{edition}")

    @classmethod
    def launch(
        cls,
        kind: SchemeKind,
        edition: str,
        coordinator: Agency,
        launched_on: date,
        agencies: tuple[Agency, ...] = (),
    ) -> "Scheme":
        participating = (coordinator, *(a for a in agencies if a != coordinator))
        return cls(
            kind=kind,
            edition=edition,
            coordinator=coordinator,
            launched_on=launched_on,
            agencies=tuple(dict.fromkeys(participating)),
        )

    @event("Launched")
    def __init__(
        self,
        kind: SchemeKind,
        edition: str,
        coordinator: Agency,
        launched_on: date,
        agencies: tuple[Agency, ...],
    ) -> None:
        self.kind = kind
        self.edition = edition
        self.coordinator = coordinator
        self.launched_on = launched_on
        self.agencies = agencies
        self.participations: tuple[Participation, ...] = ()

    def check_activity_date(self, day: date) -> None:
        """An activity of the scheme is held once the scheme is launched."""
        if day < self.launched_on:
            raise ActivityBeforeSchemeLaunch(
                f"{day} is before {self.kind} {self.edition} was launched ({self.launched_on})"
            )

    def admit_agency(self, agency: Agency) -> None:
        if agency in self.agencies:
            raise AgencyAlreadyParticipating(agency)
        self._agency_joined(agency)

    @event("AgencyJoined")
    def _agency_joined(self, agency: Agency) -> None:
        self.agencies = (*self.agencies, agency)

    def record_participation(
        self,
        agency: Agency,
        held_on: date,
        description: str,
        host_region: str,
        participants: ParticipantCounts,
        activity_id: UUID | None = None,
    ) -> int:
        if agency not in self.agencies:
            raise AgencyNotParticipating(f"{agency} is not in {self.kind} {self.edition}")
        number = len(self.participations) + 1
        self._participation_recorded(
            Participation(number, agency, held_on, description, host_region, participants,
                          activity_id)
        )  # fmt: skip
        return number

    @event("ParticipationRecorded")
    def _participation_recorded(self, participation: Participation) -> None:
        self.participations = (*self.participations, participation)
