from datetime import date
from decimal import Decimal

import pytest

from domain.errors import (
    InvalidRate,
    InvalidStateTransition,
    LeadPartnerAlreadyAppointed,
    PartnerAlreadyInPartnership,
    PartnerAlreadyLeft,
    PartnerNotInPartnership,
    ProjectNotRunning,
    ReportingPeriodOutsideProject,
    ReportingPeriodOverlaps,
)
from domain.periods import Period
from domain.project import Fund, FundShare, PartnerRole, Programme, Project, ProjectStatus
from tests.unit.builders import (
    ATENEU_POPULAR,
    CIRCA_AUCH,
    LA_GRAINERIE,
    OCCITANIE_EN_SCENE,
    PROJECT_PERIOD,
    SCENE_NATIONALE_TARBES,
    pyrenart,
)


def test_a_project_id_is_deterministic_from_its_acronym() -> None:
    assert pyrenart().id == Project.create_id("Pyrenart")


def test_a_cofinancing_rate_above_100_percent_is_refused() -> None:
    with pytest.raises(InvalidRate):
        FundShare(Fund.ERDF, Decimal("1.65"))


def test_erdf_pays_65_percent_of_pyrenart() -> None:
    assert pyrenart().cofinancing_rate(Fund.ERDF) == Decimal("0.65")


def test_a_partner_joining_twice_is_refused() -> None:
    with pytest.raises(PartnerAlreadyInPartnership):
        pyrenart().admit_partner(SCENE_NATIONALE_TARBES, PartnerRole.PARTNER, date(2020, 1, 1))


def test_a_partner_leaving_twice_is_refused() -> None:
    project = pyrenart()
    project.withdraw_partner(SCENE_NATIONALE_TARBES, date(2021, 6, 30), "merger")
    with pytest.raises(PartnerAlreadyLeft) as caught:
        project.withdraw_partner(SCENE_NATIONALE_TARBES, date(2021, 7, 31), "again")
    assert caught.value.rule == "partner_already_left"


def test_a_partner_is_a_partner_only_between_joining_and_leaving() -> None:
    project = pyrenart()
    project.admit_partner(ATENEU_POPULAR, PartnerRole.PARTNER, date(2020, 5, 1))
    project.withdraw_partner(ATENEU_POPULAR, date(2021, 6, 30), "left the network")
    assert not project.is_partner_on(ATENEU_POPULAR, date(2020, 4, 30))
    assert project.is_partner_on(ATENEU_POPULAR, date(2021, 6, 30))
    assert not project.is_partner_on(ATENEU_POPULAR, date(2021, 7, 1))


def test_an_associated_partner_is_not_a_partner_declaring_costs() -> None:
    assert not pyrenart().is_partner_on(CIRCA_AUCH, date(2021, 1, 1))


def test_a_second_lead_partner_is_refused() -> None:
    with pytest.raises(LeadPartnerAlreadyAppointed):
        pyrenart().change_partner_role(
            SCENE_NATIONALE_TARBES, PartnerRole.LEAD_PARTNER, date(2021, 1, 1)
        )


def test_an_associated_partner_can_become_a_partner() -> None:
    project = pyrenart()
    project.change_partner_role(CIRCA_AUCH, PartnerRole.PARTNER, date(2021, 1, 1))
    assert project.is_partner_on(CIRCA_AUCH, date(2021, 1, 1))
    assert project.lead_partner_on(date(2021, 1, 1)) == OCCITANIE_EN_SCENE


def test_changing_the_role_of_an_unknown_organisation_is_refused() -> None:
    with pytest.raises(PartnerNotInPartnership):
        pyrenart().change_partner_role(LA_GRAINERIE, PartnerRole.PARTNER, date(2021, 1, 1))


def test_reporting_periods_are_numbered_and_must_not_overlap() -> None:
    project = pyrenart()
    assert [p.number for p in project.reporting_periods] == [1, 2]
    with pytest.raises(ReportingPeriodOverlaps):
        project.add_reporting_period(Period(date(2021, 6, 1), date(2022, 5, 31)))


def test_a_reporting_period_outside_the_project_is_refused() -> None:
    with pytest.raises(ReportingPeriodOutsideProject):
        pyrenart().add_reporting_period(Period(date(2022, 1, 1), date(2023, 6, 30)))


def test_a_project_goes_from_draft_to_running_to_closed() -> None:
    project = pyrenart()
    project.close(date(2023, 3, 31))
    assert project.status == ProjectStatus.CLOSED
    with pytest.raises(InvalidStateTransition):
        project.start()
    with pytest.raises(ProjectNotRunning):
        project.admit_partner(LA_GRAINERIE, PartnerRole.PARTNER, date(2022, 1, 1))


def test_a_project_period_needs_an_end() -> None:
    with pytest.raises(Exception, match="end date"):
        Project.register(
            "TRAVESIA", "Travesía", Programme.INTERREG_POCTEFA, (), Period(PROJECT_PERIOD.start)
        )
