"""The seven cooperation projects of the seed, their funds, periods and partnerships.

Names, programmes, funds, leads and the partners named in the seed are real; project
periods, reporting periods and co-financing rates other than POCTEFA's 65 % are
illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.periods import Period, ReportingPeriod
from domain.project import Fund, FundShare, PartnerRole, Programme, Project
from hub.commands import (
    AddReportingPeriod,
    AdmitPartner,
    ChangePartnerRole,
    Command,
    RegisterProject,
    StartProject,
    WithdrawPartner,
)
from hub.demo.organisations import org_id

LEAD, PARTNER, ASSOCIATED = (
    PartnerRole.LEAD_PARTNER,
    PartnerRole.PARTNER,
    PartnerRole.ASSOCIATED_PARTNER,
)


@dataclass(frozen=True)
class Member:
    organisation: str
    role: PartnerRole
    joined_on: date


@dataclass(frozen=True)
class ProjectSpec:
    key: str
    acronym: str
    title: str
    programme: Programme
    funds: tuple[FundShare, ...]
    period: Period
    members: tuple[Member, ...]
    reporting_periods: tuple[Period, ...]
    max_work_packages: int | None = None

    @property
    def id(self) -> UUID:
        return Project.create_id(self.acronym)

    @property
    def lead(self) -> str:
        return next(m.organisation for m in self.members if m.role == LEAD)

    def budget_holders(self) -> tuple[str, ...]:
        return tuple(m.organisation for m in self.members if m.role != ASSOCIATED)

    def reporting_period(self, number: int) -> ReportingPeriod:
        return ReportingPeriod(number, self.reporting_periods[number - 1])

    def joined_on(self, organisation: str) -> date:
        return next(m.joined_on for m in self.members if m.organisation == organisation)


def semesters(start: date, end: date) -> tuple[Period, ...]:
    """Reporting periods ending every 30 June and 31 December (the last one ends at ``end``)."""
    periods, current = [], start
    while current <= end:
        half_end = date(current.year, 6, 30) if current.month <= 6 else date(current.year, 12, 31)
        periods.append(Period(current, min(half_end, end)))
        current = date(half_end.year + (half_end.month == 12), 1 if half_end.month == 12 else 7, 1)
    return tuple(periods)


def members(
    on: date, lead: str, *partners: str, associated: tuple[str, ...] = ()
) -> tuple[Member, ...]:
    return (
        Member(lead, LEAD, on),
        *(Member(key, PARTNER, on) for key in partners),
        *(Member(key, ASSOCIATED, on) for key in associated),
    )


def share(fund: Fund, rate: str) -> FundShare:
    return FundShare(fund, Decimal(rate))


PYRENART = ProjectSpec(
    "pyrenart", "Pyrenart",
    "Pyrenart: skills and mobility for the internationalisation of cross-Pyrenean performing arts",
    Programme.INTERREG_POCTEFA, (share(Fund.ERDF, "0.65"),),
    Period(date(2019, 10, 1), date(2022, 12, 31)),
    members(date(2019, 10, 1), "oes", "parvis", "estive", "circa",
            *(f"pyrenart_es{n}" for n in range(1, 6))),
    semesters(date(2019, 10, 1), date(2022, 12, 31)),
)  # fmt: skip

TRAVESIA = ProjectSpec(
    "travesia", "Travesía",
    "Travesía: capitalising cross-border circus cooperation and transforming artist support",
    Programme.INTERREG_POCTEFA, (share(Fund.ERDF, "0.65"),),
    Period(date(2020, 4, 1), date(2022, 12, 31)),
    (*members(date(2020, 4, 1), "grainerie", "oes", "travesia_fr1",
              *(f"travesia_es{n}" for n in range(1, 5))),
     Member("travesia_fr2", PARTNER, date(2020, 9, 1))),
    semesters(date(2020, 4, 1), date(2022, 12, 31)),
)  # fmt: skip

BE_SPECTACTIVE = ProjectSpec(
    "bsa2", "Be SpectACTive! 2",
    "Be SpectACTive! 2: audiences and citizens inside artistic creation and programming",
    Programme.CREATIVE_EUROPE, (share(Fund.CREATIVE_EUROPE, "0.60"),),
    Period(date(2018, 9, 1), date(2022, 8, 31)),
    members(date(2018, 9, 1), "bsa_lead", "oes", "bsa_si",
            associated=("periscope", "grand_rond", "moliere", "melando", "atelline", "hublot",
                        "albarede", "reseaurp")),
    (Period(date(2018, 9, 1), date(2020, 8, 31)), Period(date(2020, 9, 1), date(2022, 8, 31))),
)  # fmt: skip

STRONGER_PERIPHERIES = ProjectSpec(
    "sp", "Stronger Peripheries",
    "Stronger Peripheries: a Southern coalition of cultural operators working from the margins",
    Programme.CREATIVE_EUROPE, (share(Fund.CREATIVE_EUROPE, "0.60"),),
    Period(date(2020, 10, 1), date(2024, 9, 30)),
    members(date(2020, 10, 1), "artemrede", "oes", "sp_es", "sp_it", "sp_gr"),
    (Period(date(2020, 10, 1), date(2022, 3, 31)), Period(date(2022, 4, 1), date(2024, 9, 30))),
)  # fmt: skip

SCENES_EN_RESEAUX = ProjectSpec(
    "ser", "Scènes en réseaux",
    "Scènes en réseaux - partager les savoirs mutuels (France-Québec cooperation)",
    Programme.FRANCE_QUEBEC_FUND,
    (share(Fund.FRANCE_QUEBEC, "0.50"), share(Fund.REGION_OCCITANIE, "0.20")),
    Period(date(2021, 1, 1), date(2022, 12, 31)),
    members(date(2021, 1, 1), "oes", "quebec_a", "quebec_b",
            associated=tuple(f"ser_regional{n:02d}" for n in range(1, 14))),
    (Period(date(2021, 1, 1), date(2021, 12, 31)), Period(date(2022, 1, 1), date(2022, 12, 31))),
)  # fmt: skip

TRAJECTOIRES = ProjectSpec(
    "tc", "Trajectoires créatives",
    "Trajectoires créatives: guidance, information and pedagogical innovation in the sector",
    Programme.ESF_PLUS, (share(Fund.ESF_PLUS, "0.60"),),
    Period(date(2021, 1, 1), date(2022, 12, 31)),
    members(date(2021, 1, 1), "occitanie_films", "oes", "tc_fr1", "tc_fr2"),
    semesters(date(2021, 1, 1), date(2022, 12, 31)),
)  # fmt: skip

COOPANIMART = ProjectSpec(
    "caa", "CoopAnimArt",
    "CoopAnimArt: cooperation skills, physical, digital and ethical, for performing-arts workers",
    Programme.ERASMUS_PLUS_KA2, (share(Fund.ERASMUS_PLUS, "0.80"),),
    Period(date(2020, 11, 1), date(2022, 10, 31)),
    members(date(2020, 11, 1), "oes", "caa_be", "caa_it", "caa_pt"),
    (Period(date(2020, 11, 1), date(2021, 10, 31)), Period(date(2021, 11, 1), date(2022, 10, 31))),
    max_work_packages=10,
)  # fmt: skip

PROJECTS: tuple[ProjectSpec, ...] = (
    PYRENART, TRAVESIA, BE_SPECTACTIVE, STRONGER_PERIPHERIES, SCENES_EN_RESEAUX, TRAJECTOIRES,
    COOPANIMART,
)  # fmt: skip
BY_KEY: dict[str, ProjectSpec] = {spec.key: spec for spec in PROJECTS}

# Partnership changes after the start (illustrative), applied after the admissions.
LATER_CHANGES: dict[str, tuple[Command, ...]] = {
    "sp": (
        WithdrawPartner(
            STRONGER_PERIPHERIES.id, org_id("sp_gr"), date(2021, 12, 31),
            "activities taken over by the other Southern partners (illustrative)",
        ),
    ),
    "ser": (
        ChangePartnerRole(SCENES_EN_RESEAUX.id, org_id("ser_regional01"), PartnerRole.PARTNER,
                          date(2021, 9, 1)),
    ),
}  # fmt: skip


def project_commands(spec: ProjectSpec) -> list[Command]:
    """Register, admit every member, add the reporting periods, start, later changes."""
    commands: list[Command] = [
        RegisterProject(spec.acronym, spec.title, spec.programme, spec.funds, spec.period)
    ]
    commands += [
        AdmitPartner(spec.id, org_id(m.organisation), m.role, m.joined_on) for m in spec.members
    ]
    commands += [AddReportingPeriod(spec.id, period) for period in spec.reporting_periods]
    commands.append(StartProject(spec.id))
    commands += LATER_CHANGES.get(spec.key, ())
    return commands
