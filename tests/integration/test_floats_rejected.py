"""Floats never reach the log: commands refuse them on construction, with a typed error."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from domain.activities import TravelLeg, TravelMode
from domain.errors import DomainError, InvalidMoney
from domain.money import Money
from domain.plan import Indicator, IndicatorKind
from hub import commands as c
from hub.database import Database
from hub.eventstore import EventStore
from tests.integration.command_fixtures import running_project

FLOATY: dict[str, Any] = {
    "indicator value": lambda: c.ContributeToIndicator(uuid4(), "O2.1", 1.5),
    "travel distance": lambda: c.AddTravelLeg(uuid4(), TravelLeg(TravelMode.TRAIN, 250.0, 2)),  # type: ignore[arg-type]
    "plan indicator": lambda: c.ApprovePlanModification(
        uuid4(), date(2020, 1, 1), date(2020, 1, 1), "JS", "targets",
        indicators=(Indicator("R1", IndicatorKind.RESULT, "n", "u", Decimal(0), 60.0),),  # type: ignore[arg-type]
    ),
}  # fmt: skip


@pytest.mark.parametrize("build", FLOATY.values(), ids=FLOATY.keys())
def test_a_float_anywhere_in_a_command_is_refused(build: Any) -> None:
    with pytest.raises(c.FloatInCommand) as raised:
        build()
    assert isinstance(raised.value, DomainError)
    assert raised.value.rule == "float_not_allowed"


def test_a_float_amount_of_money_is_refused_before_the_command_exists() -> None:
    with pytest.raises(InvalidMoney):
        c.MakeDeduction(uuid4(), 1, Money(12.5, "EUR"), "other", "x")  # type: ignore[arg-type]


async def test_a_refused_float_appends_nothing(database: Database) -> None:
    story = await running_project(database)
    head = await EventStore(database.pool, ()).head()
    with pytest.raises(c.FloatInCommand):
        await story.run(c.ContributeToIndicator(story.project_id, "O2.1", 0.1))  # type: ignore[arg-type]
    assert (await EventStore(database.pool, ()).head()).position == head.position
