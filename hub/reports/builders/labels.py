"""The funders' vocabulary in English, French and Spanish (as POCTEFA and Jems use it)."""

from __future__ import annotations

from domain.activities import ActivityKind, TravelMode
from domain.costs import CostCategory, FlatRateKind
from domain.deliverables import DeliverableStatus
from domain.expenditure import ErrorType, ReportStatus
from domain.project import Fund, PartnerRole
from domain.schemes import Agency, SchemeKind
from hub.reports.model import Text

T = Text

COST_CATEGORIES: dict[str, Text] = {
    CostCategory.STAFF: T("Staff costs", "Frais de personnel", "Gastos de personal"),
    CostCategory.OFFICE_AND_ADMINISTRATION: T(
        "Office and administration",
        "Frais de bureau et administratifs",
        "Gastos de oficina y administrativos",
    ),
    CostCategory.TRAVEL_AND_ACCOMMODATION: T(
        "Travel and accommodation",
        "Frais de déplacement et d'hébergement",
        "Gastos de viaje y alojamiento",
    ),
    CostCategory.EXTERNAL_EXPERTISE_AND_SERVICES: T(
        "External expertise and services",
        "Frais liés au recours à des compétences et à des services externes",
        "Gastos de servicios y expertos externos",
    ),
    CostCategory.EQUIPMENT: T("Equipment", "Frais d'équipement", "Gastos de equipamiento"),
    CostCategory.INFRASTRUCTURE_AND_WORKS: T(
        "Infrastructure and works", "Infrastructures et travaux", "Infraestructuras y obras"
    ),
    CostCategory.LUMP_SUM: T("Lump sums", "Montants forfaitaires", "Importes a tanto alzado"),
    CostCategory.UNIT_COST: T("Unit costs", "Coûts unitaires", "Costes unitarios"),
    FlatRateKind.OTHER_COSTS_ON_STAFF: T(
        "Other costs (40 % flat rate on staff)",
        "Autres coûts (forfait de 40 % des frais de personnel)",
        "Otros costes (tipo fijo del 40 % de gastos de personal)",
    ),
}

ERROR_TYPES: dict[str, Text] = {
    ErrorType.INELIGIBLE_COST: T(
        "Ineligible cost", "Dépense inéligible", "Gasto no subvencionable"
    ),
    ErrorType.MISSING_EVIDENCE: T(
        "Missing supporting evidence",
        "Pièce justificative manquante",
        "Falta de documentación justificativa",
    ),
    ErrorType.PUBLIC_PROCUREMENT: T(
        "Public procurement", "Marchés publics", "Contratación pública"
    ),
    ErrorType.OUTSIDE_PERIOD: T(
        "Outside the eligibility period",
        "Hors période d'éligibilité",
        "Fuera del periodo de subvencionabilidad",
    ),
    ErrorType.RECOVERABLE_VAT: T("Recoverable VAT", "TVA récupérable", "IVA recuperable"),
    ErrorType.CALCULATION_ERROR: T("Calculation error", "Erreur de calcul", "Error de cálculo"),
    ErrorType.DOUBLE_FUNDING: T("Double funding", "Double financement", "Doble financiación"),
    ErrorType.OTHER: T("Other", "Autre", "Otro"),
}

REPORT_STATUSES: dict[str, Text] = {
    ReportStatus.DRAFT: T("Draft", "Brouillon", "Borrador"),
    ReportStatus.SUBMITTED: T("Submitted", "Soumis", "Presentado"),
    ReportStatus.IN_CONTROL: T("In control", "En contrôle", "En control"),
    ReportStatus.CERTIFIED: T("Certified", "Certifié", "Certificado"),
}

DELIVERABLE_STATUSES: dict[str, Text] = {
    DeliverableStatus.PENDING: T("Pending", "En attente", "Pendiente"),
    DeliverableStatus.DRAFT: T("Draft", "Brouillon", "Borrador"),
    DeliverableStatus.SUBMITTED: T("Submitted", "Soumis", "Presentado"),
    DeliverableStatus.ACCEPTED: T("Accepted", "Accepté", "Aceptado"),
    DeliverableStatus.REJECTED: T("Rejected", "Rejeté", "Rechazado"),
}

FUNDS: dict[str, Text] = {
    Fund.ERDF: T("ERDF", "FEDER", "FEDER"),
    Fund.ESF_PLUS: T("ESF+", "FSE+", "FSE+"),
    Fund.CREATIVE_EUROPE: T("Creative Europe", "Europe créative", "Europa Creativa"),
    Fund.ERASMUS_PLUS: T("Erasmus+", "Erasmus+", "Erasmus+"),
    Fund.FRANCE_QUEBEC: T("France–Québec fund", "Fonds franco-québécois", "Fondo Francia-Quebec"),
    Fund.REGION_OCCITANIE: T("Occitanie Region", "Région Occitanie", "Región de Occitania"),
    Fund.STATE: T("State", "État", "Estado"),
}
PARTNER_CONTRIBUTION = T(
    "Partner contribution", "Contrepartie du partenaire", "Contrapartida del socio"
)

ROLES: dict[str, Text] = {
    PartnerRole.LEAD_PARTNER: T("Lead partner", "Chef de file", "Beneficiario principal"),
    PartnerRole.PARTNER: T("Partner", "Partenaire", "Socio"),
    PartnerRole.ASSOCIATED_PARTNER: T("Associated partner", "Partenaire associé", "Socio asociado"),
}

ACTIVITY_KINDS: dict[str, Text] = {
    ActivityKind.PERFORMANCE: T("Performance", "Représentation", "Representación"),
    ActivityKind.RESIDENCY: T("Residency", "Résidence", "Residencia"),
    ActivityKind.SEMINAR: T("Seminar", "Séminaire", "Seminario"),
    ActivityKind.TRAINING: T("Training", "Formation", "Formación"),
    ActivityKind.JOB_SHADOWING: T(
        "Job shadowing", "Observation en poste", "Aprendizaje por observación"
    ),
    ActivityKind.LAB: T("Lab", "Laboratoire", "Laboratorio"),
    ActivityKind.ONLINE_MEETING: T("Online meeting", "Réunion en ligne", "Reunión en línea"),
    ActivityKind.MOBILITY: T("Mobility", "Mobilité", "Movilidad"),
}

TRAVEL_MODES: dict[str, Text] = {
    TravelMode.TRAIN: T("Train", "Train", "Tren"),
    TravelMode.COACH: T("Coach", "Autocar", "Autocar"),
    TravelMode.CAR: T("Car", "Voiture", "Coche"),
    TravelMode.VAN: T("Van", "Camion", "Furgoneta"),
    TravelMode.PLANE_SHORT_HAUL: T(
        "Plane (short haul)", "Avion (court-courrier)", "Avión (corto radio)"
    ),
    TravelMode.PLANE_LONG_HAUL: T(
        "Plane (long haul)", "Avion (long-courrier)", "Avión (largo radio)"
    ),
    TravelMode.FERRY: T("Ferry", "Ferry", "Ferry"),
    TravelMode.BICYCLE: T("Bicycle", "Vélo", "Bicicleta"),
}

SCHEMES: dict[str, Text] = {
    SchemeKind.FAIRE_PART: T("Faire-Part", "Faire-Part", "Faire-Part"),
    SchemeKind.PARTAGER: T("pARTager", "pARTager", "pARTager"),
    SchemeKind.CARTOGRAPHIE: T("cARTographie", "cARTographie", "cARTographie"),
    SchemeKind.OBJECTIF_13: T("Objectif 13", "Objectif 13", "Objectif 13"),
    SchemeKind.JEUDIGRAPHIES: T("Jeudigraphies", "Jeudigraphies", "Jeudigraphies"),
}

AGENCIES: dict[str, Text] = {
    Agency.OCCITANIE_EN_SCENE: T("Occitanie en scène", "Occitanie en scène", "Occitanie en scène"),
    Agency.OARA_NOUVELLE_AQUITAINE: T(
        "OARA Nouvelle-Aquitaine", "OARA Nouvelle-Aquitaine", "OARA Nouvelle-Aquitaine"
    ),
    Agency.AGENCE_CULTURELLE_GRAND_EST: T(
        "Agence culturelle Grand Est", "Agence culturelle Grand Est", "Agence culturelle Grand Est"
    ),
    Agency.SPECTACLE_VIVANT_EN_BRETAGNE: T(
        "Spectacle vivant en Bretagne",
        "Spectacle vivant en Bretagne",
        "Spectacle vivant en Bretagne",
    ),
    Agency.ODIA_NORMANDIE: T("Odia Normandie", "Odia Normandie", "Odia Normandie"),
}

YES = T("yes", "oui", "sí")
NO = T("no", "non", "no")
TOTAL = T("Total", "Total", "Total")


def yes_no(value: bool, lang: str = "en") -> str:
    return (YES if value else NO)(lang)


def yes_no_text(value: bool) -> Text:
    return YES if value else NO
