"""Labels of enumeration values in English, French and Spanish (funders' own terms)."""

from __future__ import annotations

LABELS: dict[str, dict[str, tuple[str, str, str]]] = {
    "programme": {
        "interreg_poctefa": (
            "Interreg POCTEFA (Spain–France–Andorra)",
            "Interreg POCTEFA (Espagne–France–Andorre)",
            "Interreg POCTEFA (España–Francia–Andorra)",
        ),
        "creative_europe": ("Creative Europe", "Europe créative", "Europa Creativa"),
        "erasmus_plus_ka2": (
            "Erasmus+ cooperation partnerships (KA2)",
            "Erasmus+ partenariats de coopération (KA2)",
            "Erasmus+ asociaciones de cooperación (KA2)",
        ),
        "esf_plus": (
            "European Social Fund Plus",
            "Fonds social européen plus",
            "Fondo Social Europeo Plus",
        ),
        "france_quebec_fund": (
            "France–Québec cooperation fund",
            "Fonds franco-québécois de coopération",
            "Fondo de cooperación Francia–Quebec",
        ),
        "la_collaborative": ("La Collaborative", "La Collaborative", "La Collaborative"),
    },
    "partner_role": {
        "lead_partner": ("Lead partner", "Chef de file", "Beneficiario principal"),
        "partner": ("Partner", "Partenaire", "Socio"),
        "associated_partner": ("Associated partner", "Partenaire associé", "Socio asociado"),
    },
    "project_status": {
        "draft": ("Draft", "Brouillon", "Borrador"),
        "running": ("Running", "En cours", "En curso"),
        "closed": ("Closed", "Clôturé", "Cerrado"),
    },
    "deliverable_state": {
        "pending": ("Pending", "À venir", "Pendiente"),
        "draft": ("Draft", "En rédaction", "En redacción"),
        "submitted": ("Submitted", "Soumis", "Presentado"),
        "accepted": ("Accepted", "Accepté", "Aceptado"),
        "rejected": ("Rejected", "Rejeté", "Rechazado"),
    },
    "cost_category": {
        "staff": ("Staff costs", "Frais de personnel", "Gastos de personal"),
        "office_and_administration": (
            "Office and administration",
            "Frais de bureau et administratifs",
            "Gastos de oficina y administrativos",
        ),
        "travel_and_accommodation": (
            "Travel and accommodation",
            "Frais de déplacement et d'hébergement",
            "Gastos de viaje y alojamiento",
        ),
        "external_expertise_and_services": (
            "External expertise and services",
            "Frais liés au recours à des compétences et services externes",
            "Gastos de servicios y expertos externos",
        ),
        "equipment": ("Equipment", "Frais d'équipement", "Gastos de equipamiento"),
        "infrastructure_and_works": (
            "Infrastructure and works",
            "Infrastructures et travaux",
            "Infraestructuras y obras",
        ),
    },
    "activity_kind": {
        "performance": ("Performance", "Représentation", "Representación"),
        "residency": ("Residency", "Résidence", "Residencia"),
        "seminar": ("Seminar", "Séminaire", "Seminario"),
        "training": ("Training", "Formation", "Formación"),
        "job_shadowing": (
            "Job shadowing",
            "Immersion professionnelle",
            "Aprendizaje por observación",
        ),
        "lab": ("Lab", "Laboratoire", "Laboratorio"),
        "online_meeting": ("Online meeting", "Réunion en ligne", "Reunión en línea"),
        "mobility": ("Mobility", "Mobilité", "Movilidad"),
    },
    "scheme_kind": {  # La Collaborative's schemes keep their own names in every language
        "faire_part": ("Faire-Part", "Faire-Part", "Faire-Part"),
        "partager": ("pARTager", "pARTager", "pARTager"),
        "cartographie": ("cARTographie", "cARTographie", "cARTographie"),
        "objectif_13": ("Objectif 13", "Objectif 13", "Objectif 13"),
        "jeudigraphies": ("Jeudigraphies", "Jeudigraphies", "Jeudigraphies"),
    },
    "report_state": {
        "draft": ("Draft", "Brouillon", "Borrador"),
        "submitted": ("Submitted", "Soumis", "Presentado"),
        "in_control": ("In control", "En cours de contrôle", "En control"),
        "certified": ("Certified", "Certifié", "Certificado"),
    },
    "error_type": {
        "ineligible_cost": ("Ineligible cost", "Dépense inéligible", "Gasto no subvencionable"),
        "missing_evidence": (
            "Missing supporting document",
            "Pièce justificative manquante",
            "Falta de justificante",
        ),
        "public_procurement": ("Public procurement", "Marchés publics", "Contratación pública"),
        "outside_period": (
            "Outside the eligibility period",
            "Hors période d'éligibilité",
            "Fuera del período de elegibilidad",
        ),
        "recoverable_vat": ("Recoverable VAT", "TVA récupérable", "IVA recuperable"),
        "calculation_error": ("Calculation error", "Erreur de calcul", "Error de cálculo"),
        "double_funding": ("Double funding", "Double financement", "Doble financiación"),
        "other": ("Other", "Autre", "Otro"),
    },
    "payment_kind": {
        "advance": ("Advance", "Avance", "Anticipo"),
        "interim": ("Interim payment", "Paiement intermédiaire", "Pago intermedio"),
        "balance": ("Balance", "Solde", "Saldo"),
    },
    "fund": {
        "erdf": ("ERDF", "FEDER", "FEDER"),
        "esf_plus": ("ESF+", "FSE+", "FSE+"),
        "creative_europe": ("Creative Europe", "Europe créative", "Europa Creativa"),
        "erasmus_plus": ("Erasmus+", "Erasmus+", "Erasmus+"),
        "france_quebec": (
            "France–Québec cooperation fund",
            "Fonds franco-québécois de coopération",
            "Fondo de cooperación Francia–Quebec",
        ),
        "region_occitanie": ("Occitanie Region", "Région Occitanie", "Región de Occitania"),
        "state": ("State", "État", "Estado"),
    },
    "flat_rate_kind": {
        "office_and_administration_on_staff": (
            "Office and administration: flat rate on staff costs",
            "Frais de bureau et administratifs : taux forfaitaire sur les frais de personnel",
            "Gastos de oficina y administrativos: tipo fijo sobre los gastos de personal",
        ),
        "staff_on_other_direct_costs": (
            "Staff costs: flat rate on other direct costs",
            "Frais de personnel : taux forfaitaire sur les autres coûts directs",
            "Gastos de personal: tipo fijo sobre los demás costes directos",
        ),
        "other_costs_on_staff": (
            "Other costs: flat rate on staff costs",
            "Autres coûts : taux forfaitaire sur les frais de personnel",
            "Restantes costes: tipo fijo sobre los gastos de personal",
        ),
        "travel_on_staff": (
            "Travel and accommodation: flat rate on staff costs",
            "Frais de déplacement et d'hébergement : taux forfaitaire sur les frais de personnel",
            "Gastos de viaje y alojamiento: tipo fijo sobre los gastos de personal",
        ),
    },
    "simplified_cost": {
        "lump_sum": ("Lump sum", "Montant forfaitaire", "Importe a tanto alzado"),
        "unit_cost": ("Unit costs", "Coûts unitaires", "Costes unitarios"),
    },
}
_INDEX = {"en": 0, "fr": 1, "es": 2}


def label(kind: str, value: str, lang: str) -> str:
    """The label of ``value`` in ``lang`` (en, fr, es); the raw value if none is known."""
    labels = LABELS.get(kind, {}).get(value)
    return labels[_INDEX.get(lang, 0)] if labels else value
