from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.errors import CurrencyMismatch, InvalidMoney, InvalidPeriod, NegativeAmount
from domain.money import ExchangeRate, Money
from domain.periods import Period


def test_money_refuses_a_float() -> None:
    amount: Any = 12.5
    with pytest.raises(InvalidMoney) as caught:
        Money(amount, "EUR")
    assert caught.value.rule == "invalid_money"


def test_money_of_refuses_a_float_too() -> None:
    amount: Any = 0.1
    with pytest.raises(InvalidMoney):
        Money.of(amount)


def test_money_needs_an_iso_currency_code() -> None:
    with pytest.raises(InvalidMoney):
        Money(Decimal("1"), "euro")


def test_amounts_in_different_currencies_do_not_add() -> None:
    with pytest.raises(CurrencyMismatch):
        Money.of("1", "EUR") + Money.of("1", "CAD")


def test_a_rate_is_applied_and_rounded_half_up_to_the_cent() -> None:
    assert Money.of("100.05").times(Decimal("0.15")) == Money.of("15.01")


def test_a_negative_amount_is_refused_where_it_must_not_be() -> None:
    with pytest.raises(NegativeAmount):
        Money.of("-1").require_not_negative()


def test_a_cad_amount_converts_to_eur_with_the_frozen_rate() -> None:
    rate = ExchangeRate(Decimal("1.4837"), date(2021, 6, 1), "InforEuro 2021-06")
    assert rate.convert(Money.of("1483.70", "CAD"), "EUR") == Money.of("1000.00")


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidPeriod) as caught:
        Period(date(2021, 5, 1), date(2021, 4, 30))
    assert caught.value.rule == "period_ends_before_it_starts"


def test_an_open_ended_period_contains_every_later_day() -> None:
    assert Period(date(2021, 1, 1)).contains(date(2030, 1, 1))
    assert not Period(date(2021, 1, 1)).contains(date(2020, 12, 31))
