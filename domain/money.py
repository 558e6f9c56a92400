"""Money: a Decimal amount with its ISO 4217 currency (montant / importe). Never a float."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.errors import CurrencyMismatch, InvalidMoney, InvalidRate, NegativeAmount

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Money:
    """An amount of money. ``Money(Decimal("12.50"), "EUR")``; floats are refused."""

    amount: Decimal
    currency: str = "EUR"

    def __post_init__(self) -> None:
        value: Any = self.amount
        if isinstance(value, float) or not isinstance(value, Decimal):
            raise InvalidMoney(f"amount must be a Decimal, got {type(value).__name__}")
        if not value.is_finite():
            raise InvalidMoney("amount must be finite")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidMoney(f"currency must be an ISO 4217 code, got {self.currency!r}")

    @classmethod
    def zero(cls, currency: str = "EUR") -> "Money":
        return cls(Decimal("0"), currency)

    @classmethod
    def of(cls, amount: str | int, currency: str = "EUR") -> "Money":
        """Parse from a string or an int: ``Money.of("1250.00")``."""
        if isinstance(amount, float):
            raise InvalidMoney("amount must not be a float")
        return cls(Decimal(amount), currency)

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.amount, self.currency)

    def __lt__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def times(self, rate: Decimal) -> "Money":
        """Multiply by a rate and round to the cent, half up (as Jems does)."""
        return Money((self.amount * rate).quantize(CENT, ROUND_HALF_UP), self.currency)

    def is_negative(self) -> bool:
        return self.amount < 0

    def require_not_negative(self) -> "Money":
        if self.is_negative():
            raise NegativeAmount(f"{self} is negative")
        return self

    def _same_currency(self, other: "Money") -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def total(amounts: "list[Money] | tuple[Money, ...]", currency: str = "EUR") -> Money:
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result


@dataclass(frozen=True)
class ExchangeRate:
    """An exchange rate frozen on an expenditure line (taux de change / tipo de cambio).

    ``rate`` is how many units of the line's currency one unit of the report's currency
    buys (the InforEuro convention: 1 EUR = 1.4837 CAD), taken on ``rate_date`` from
    ``source`` (e.g. "InforEuro 2021-06", "ECB reference rate").
    """

    rate: Decimal
    rate_date: date
    source: str

    def __post_init__(self) -> None:
        value: Any = self.rate
        if isinstance(value, float) or not isinstance(value, Decimal) or value <= 0:
            raise InvalidRate(f"exchange rate must be a positive Decimal, got {value!r}")

    def convert(self, amount: Money, to_currency: str) -> Money:
        converted = (amount.amount / self.rate).quantize(CENT, ROUND_HALF_UP)
        return Money(converted, to_currency)
