"""The demo's organisations: those the seed names, and clearly generic stand-ins.

Where the seed names no partner (the Spanish partners of Pyrenart and Travesía, the two
Québec networks, the other members of the Creative Europe and Erasmus+ consortia, the 13
regional partners of Scènes en réseaux), the label says so: "Pyrenart partner ES-1
(generic)". No real-sounding organisation is invented. Contacts are role mailboxes on
``demo.example``, wrapped as PersonalData so the codec encrypts them in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.personal_data import PersonalData


@dataclass(frozen=True)
class Contact:
    role: str
    details: PersonalData


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    country: str
    region: str
    legal_status: LegalStatus
    vat_recovery: VatRecovery
    languages: tuple[str, ...]
    contacts: tuple[Contact, ...] = ()

    @property
    def id(self) -> UUID:
        return Organisation.create_id(self.name, self.country)


ASSOCIATION = LegalStatus.NON_PROFIT_ASSOCIATION
PUBLIC = LegalStatus.PUBLIC_BODY
FR, ES, CA = ("fr",), ("es", "ca"), ("fr", "en")
OCCITANIE = "Occitanie"


def contact(key: str, role: str, title: str) -> Contact:
    """A role mailbox, not a real person: ``"Project manager (demo)"``."""
    email = f"{role.replace('_', '-')}@{key}.demo.example"
    fields = {"name": f"{title} (demo)", "email": email}
    return Contact(role, PersonalData(PersonalData.subject_for(email), fields))


def org(
    key: str,
    name: str,
    country: str = "FR",
    region: str = OCCITANIE,
    legal_status: LegalStatus = ASSOCIATION,
    vat: VatRecovery = VatRecovery.NO,
    languages: tuple[str, ...] = FR,
    contacts: int = 1,
) -> OrganisationSpec:
    roles = (
        ("project_manager", "Project manager"),
        ("finance_officer", "Finance officer"),
        ("communication_officer", "Communication officer"),
    )[:contacts]
    people = tuple(contact(key, role, title) for role, title in roles)
    return OrganisationSpec(key, name, country, region, legal_status, vat, languages, people)


AGENCIES = (
    org("oes", "Occitanie en scène", contacts=3),
    org("oara", "OARA Nouvelle-Aquitaine", region="Nouvelle-Aquitaine", contacts=2),
    org("acge", "Agence culturelle Grand Est", region="Grand Est", contacts=2),
    org("svb", "Spectacle vivant en Bretagne", region="Bretagne", contacts=2),
    org("odia", "Odia Normandie", region="Normandie", contacts=2),
)

NAMED_IN_SEED = (
    org("grainerie", "La Grainerie", contacts=2),
    org("parvis", "Le Parvis, scène nationale Tarbes Pyrénées", vat=VatRecovery.PARTLY),
    org("estive", "L'Estive, scène nationale de Foix et de l'Ariège", vat=VatRecovery.PARTLY),
    org("circa", "Circa, pôle national cirque, Auch"),
    org("periscope", "Le Périscope, scène conventionnée, Nîmes"),
    org("grand_rond", "Théâtre du Grand Rond, Toulouse"),
    org("moliere", "Théâtre Molière Sète, scène nationale archipel de Thau"),
    org("albarede", "Théâtre l'Albarède, Ganges"),
    org("melando", "Melando"),
    org("atelline", "L'Atelline"),
    org("hublot", "Derrière le Hublot"),
    org("reseaurp", "réseauRP"),
    org("artemrede", "Artemrede", "PT", "Centro", PUBLIC, languages=("pt", "en"), contacts=2),
    org("occitanie_films", "Occitanie Films", contacts=2),
    org("cratere", "Le Cratère, scène nationale d'Alès"),
    org("circostrada", "Circostrada", "FR", "Île-de-France", languages=("fr", "en")),
    org("institut_francais", "Institut français", "FR", "Île-de-France", PUBLIC),
)

SPANISH_REGIONS = ("Aragón", "Cataluña", "Navarra", "Euskadi", "Cataluña")


def _spanish(project: str, slug: str, count: int) -> tuple[OrganisationSpec, ...]:
    return tuple(
        org(
            f"{slug}_es{n}",
            f"{project} partner ES-{n} (generic)",
            "ES",
            SPANISH_REGIONS[n - 1],
            PUBLIC if n % 2 else ASSOCIATION,
            VatRecovery.NO,
            ES,
        )
        for n in range(1, count + 1)
    )


GENERIC = (
    *_spanish("Pyrenart", "pyrenart", 5),
    *_spanish("Travesía", "travesia", 4),
    org("travesia_fr1", "Travesía partner FR-1 (generic)"),
    org("travesia_fr2", "Travesía partner FR-2 (generic)", region="Nouvelle-Aquitaine"),
    org("quebec_a", "Québec network A (generic)", "CA", "Québec", languages=CA, contacts=2),
    org("quebec_b", "Québec network B (generic)", "CA", "Québec", languages=CA, contacts=2),
    *(
        org(f"ser_regional{n:02d}", f"Scènes en réseaux regional partner {n:02d} (generic)")
        for n in range(1, 14)
    ),
    org("bsa_lead", "Be SpectACTive! 2 lead partner (generic)", "IT", "Toscana", languages=("it",)),
    org("bsa_si", "Be SpectACTive! 2 partner SI (generic)", "SI", "Osrednjeslovenska"),
    org("sp_es", "Stronger Peripheries partner ES (generic)", "ES", "Andalucía", languages=ES),
    org("sp_it", "Stronger Peripheries partner IT (generic)", "IT", "Sicilia", languages=("it",)),
    org("sp_gr", "Stronger Peripheries partner GR (generic)", "GR", "Attiki", languages=("el",)),
    org("tc_fr1", "Trajectoires créatives partner FR-1 (generic)", contacts=1),
    org("tc_fr2", "Trajectoires créatives partner FR-2 (generic)", contacts=1),
    org("caa_be", "CoopAnimArt partner BE (generic)", "BE", "Wallonie", contacts=1),
    org("caa_it", "CoopAnimArt partner IT (generic)", "IT", "Lazio", languages=("it",)),
    org("caa_pt", "CoopAnimArt partner PT (generic)", "PT", "Norte", languages=("pt",)),
)

ORGANISATIONS: tuple[OrganisationSpec, ...] = (*AGENCIES, *NAMED_IN_SEED, *GENERIC)
BY_KEY: dict[str, OrganisationSpec] = {spec.key: spec for spec in ORGANISATIONS}


def org_id(key: str) -> UUID:
    return BY_KEY[key].id
