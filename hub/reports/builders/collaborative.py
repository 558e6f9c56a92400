"""La Collaborative's schemes: participation per agency and scheme, and Objectif 13's
carbon summary of touring and audience mobility (travel legs by mode)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from domain.activities import PER_VEHICLE, Activity
from domain.schemes import Scheme, SchemeKind
from hub.reports.builders import labels, tables
from hub.reports.builders.context import BuildContext
from hub.reports.builders.fold import COLLABORATIVE, COLLABORATIVE_ID
from hub.reports.model import Column, Kind, Report, Table, Text

T = Text
N, D = Kind.INTEGER, Kind.DECIMAL
AGENCY = Column("agency", T("Agency", "Agence", "Agencia"))
SCHEME = Column("scheme", T("Scheme", "Dispositif", "Dispositivo"))
PARTICIPATION_COLUMNS = (
    AGENCY,
    SCHEME,
    Column("participations", T("Participations", "Participations", "Participaciones"), N,
           total=True),
    Column("participants", T("Participants", "Participants", "Participantes"), N, total=True),
    *tables.GENDER_COLUMNS,
)  # fmt: skip
CARBON_COLUMNS = (
    Column("mode", T("Travel mode", "Mode de transport", "Modo de transporte")),
    Column("legs", T("Legs", "Trajets", "Trayectos"), N, total=True),
    Column("km", T("Distance (km)", "Distance (km)", "Distancia (km)"), D, total=True),
    Column("passenger_km", T("Passenger-km", "Voyageurs-km", "Viajeros-km"), D, total=True),
    Column("kg_co2e", T("kg CO2e", "kg CO2e", "kg CO2e"), D, total=True),
)  # fmt: skip


def build(context: BuildContext) -> Report:
    schemes = sorted(context.folded.schemes, key=lambda s: (list(SchemeKind).index(s.kind),
                                                              s.edition))  # fmt: skip
    objectif_13 = {s.id for s in schemes if s.kind == SchemeKind.OBJECTIF_13}
    o13_activities = [
        a for a in context.folded.activities if a.owner_id in objectif_13 and not a.cancelled
    ]
    return Report(
        kind=context.kind,
        title=context.title,
        project=COLLABORATIVE,
        project_id=str(COLLABORATIVE_ID),
        currency="EUR",
        provenance=context.provenance(None),
        facts=(
            (
                T("Schemes", "Dispositifs", "Dispositivos"),
                ", ".join(f"{labels.SCHEMES[s.kind].fr} {s.edition}" for s in schemes),
            ),
            (
                T(
                    "Objectif 13 activities",
                    "Activités d'Objectif 13",
                    "Actividades de Objectif 13",
                ),
                len(o13_activities),
            ),
            (
                T("Emission factors", "Facteurs d'émission", "Factores de emisión"),
                T(
                    "illustrative (see domain.activities)",
                    "indicatifs (voir domain.activities)",
                    "indicativos (véase domain.activities)",
                ),
            ),
        ),
        tables=(
            _participation(schemes),
            _carbon_by_mode(o13_activities),
            tables.activities_table(context, o13_activities),
        ),
    )


def _participation(schemes: list[Scheme]) -> Table:
    rows = []
    for scheme in schemes:
        for agency in scheme.agencies:
            own = [p for p in scheme.participations if p.agency == agency]
            genders: dict[str, int] = defaultdict(int)
            for participation in own:
                for gender, count in participation.participants.by_gender.items():
                    genders[gender] += count
            rows.append((
                labels.AGENCIES[agency], f"{labels.SCHEMES[scheme.kind].fr} {scheme.edition}",
                len(own), sum(p.participants.total for p in own),
                *(genders[g] for g in tables.GENDER_ORDER),
            ))  # fmt: skip
    return Table(
        "participation",
        T("Participation per agency and scheme", "Participation par agence et dispositif",
          "Participación por agencia y dispositivo"),
        PARTICIPATION_COLUMNS, tuple(rows), tables.sums(rows, PARTICIPATION_COLUMNS),
    )  # fmt: skip


def _carbon_by_mode(activities: list[Activity]) -> Table:
    figures: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for activity in activities:
        for leg in activity.travel_legs:
            row = figures[leg.mode.value]
            people = 1 if leg.mode in PER_VEHICLE else leg.travellers
            row[0] += 1
            row[1] += leg.distance_km
            row[2] += leg.distance_km * people
            row[3] += leg.kg_co2e
    rows = [
        (labels.TRAVEL_MODES[mode], int(f[0]), f[1], f[2], f[3])
        for mode in labels.TRAVEL_MODES
        if (f := figures.get(mode)) is not None
    ]
    return Table(
        "carbon",
        T("Objectif 13: carbon estimate of touring and audience mobility",
          "Objectif 13 : estimation carbone des tournées et de la mobilité des publics",
          "Objectif 13: estimación de carbono de las giras y la movilidad del público"),
        CARBON_COLUMNS, tuple(rows), tables.sums(rows, CARBON_COLUMNS),
        note=T("Passenger-km: vehicle-km for cars and vans (the factor is per vehicle).",
               "Voyageurs-km : véhicules-km pour les voitures et camions (facteur par véhicule).",
               "Viajeros-km: vehículos-km para coches y furgonetas (factor por vehículo)."),
    )  # fmt: skip
