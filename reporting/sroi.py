"""The SROI arithmetic: prices, present value, the cost of a period, one worked estimate.

Present value of one outcome = Σ over years t = 1..duration of value × (1 − drop-off)^(t−1)
÷ (1 + discount)^t, after deadweight, attribution and displacement. Year 1 is discounted:
a year's benefit is counted at its end, as in the Cabinet Office's guide to SROI (2012).

Every line the value panel shows is worked here and rounded (money to the penny, the
present-value factor to six places) before the next line uses it, so each line a reader
checks with a calculator adds up. Nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PENNY = Decimal("0.01")
SIX_PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)
MAX_YEARS = 5


def money(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    """25.00 → "25", 3.50 → "3.5": a percentage or factor as a reader writes it."""
    return f"{number.normalize():f}"


def percent_within(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), HUNDRED)


def financial_year_label(year: int) -> str:
    """2019 → "2019-20": a price year is the financial year starting that April."""
    return f"{year}-{str(year + 1)[-2:]}"


# Prices: every value brought to the estimate's price year by the GDP deflator.


@dataclass(frozen=True)
class Prices:
    year: int  # the estimate's price year
    series: Mapping[int, Decimal]  # financial year → GDP deflator index

    def missing(self, price_year: int) -> list[int]:
        """The years the series needs and lacks to bring `price_year` to ours."""
        if price_year == self.year:
            return []
        return [year for year in sorted({price_year, self.year}) if year not in self.series]

    def bring(self, amount: Decimal, price_year: int) -> Decimal | None:
        """`amount` in `price_year` prices, in ours: × index(ours) ÷ index(its year)."""
        if self.missing(price_year):
            return None
        if price_year == self.year:
            return money(amount)
        return money(amount * self.series[self.year] / self.series[price_year])

    def why_not(self, price_year: int) -> str:
        years = ", ".join(financial_year_label(year) for year in self.missing(price_year))
        return f"{years} not in the GDP deflator series"


# The assumptions of one estimate, and the present value of a year's benefit.


@dataclass(frozen=True)
class Method:
    """What an estimate is worked with: percentages, and shifts the sensitivity applies
    to every outcome type's drop-off (points) and duration (years)."""

    deadweight: Decimal
    attribution: Decimal
    displacement: Decimal
    discount: Decimal
    drop_off_shift: Decimal = Decimal(0)
    duration_shift: int = 0

    def years(self, duration: int) -> int:
        return min(max(duration + self.duration_shift, 1), MAX_YEARS)

    def drop_off(self, drop_off: Decimal) -> Decimal:
        return percent_within(drop_off + self.drop_off_shift)


def present_value_factor(*, years: int, drop_off: Decimal, discount: Decimal) -> Decimal:
    """Σ over t = 1..years of (1 − drop-off)^(t−1) ÷ (1 + discount)^t, to six places."""
    kept, rate = 1 - drop_off / HUNDRED, 1 + discount / HUNDRED
    total, remaining = Decimal(0), Decimal(1)  # (1 − drop-off)^(t−1), without 0⁰
    for t in range(1, years + 1):
        total += remaining / rate**t
        remaining *= kept
    return total.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Terms:
    """How one kind of benefit is valued: an outcome type, or the WELLBY."""

    name: str
    unit_value: Decimal | None  # as entered, in its own price year
    price_year: int | None
    source: str = ""
    level: str = ""
    duration: int = 1
    drop_off: Decimal = Decimal(0)
    value: Decimal | None = None  # in the estimate's prices; None when not valued
    not_valued: str = ""  # why, when it is not
    fixed: bool = False  # the WELLBY: one year as measured, whatever the sensitivity

    @property
    def price_label(self) -> str:
        return "" if self.price_year is None else financial_year_label(self.price_year)


def priced(terms: Terms, prices: Prices) -> Terms:
    if terms.unit_value is None:
        return replace(terms, not_valued="no unit value")
    if terms.price_year is None or prices.missing(terms.price_year):
        reason = "no price year" if terms.price_year is None else prices.why_not(terms.price_year)
        return replace(terms, not_valued=reason)
    return replace(terms, value=prices.bring(terms.unit_value, terms.price_year))


@dataclass(frozen=True)
class Line:
    """One line of the arithmetic: quantity × value = gross; × factor = present value."""

    name: str
    quantity: int
    terms: Terms
    years: int
    drop_off: Decimal
    factor: Decimal

    @property
    def drop_off_text(self) -> str:
        return plain(self.drop_off)

    @property
    def gross(self) -> Decimal:
        return money(self.terms.value * self.quantity)

    @property
    def present(self) -> Decimal:
        return money(self.gross * self.factor)


def line(terms: Terms, quantity: int, method: Method) -> Line:
    years = 1 if terms.fixed else method.years(terms.duration)
    drop_off = Decimal(0) if terms.fixed else method.drop_off(terms.drop_off)
    factor = present_value_factor(years=years, drop_off=drop_off, discount=method.discount)
    return Line(terms.name, quantity, terms, years, drop_off, factor)


@dataclass(frozen=True)
class Step:
    """An adjustment: `before` × (1 − percent) = `after`."""

    name: str
    percent: Decimal
    before: Decimal

    @property
    def keep(self) -> Decimal:
        return (1 - self.percent / HUNDRED).normalize()

    @property
    def percent_text(self) -> str:
        return plain(self.percent)

    @property
    def after(self) -> Decimal:
        return money(self.before * self.keep)


@dataclass(frozen=True)
class Working:
    """One estimate worked line by line under one `Method`."""

    method: Method
    lines: list[Line]
    wellby: Line | None  # shown when valued; counted only when `wellby_included`
    wellby_included: bool
    cost: Decimal | None
    steps: list[Step] = field(init=False)

    def __post_init__(self) -> None:
        value = self.present
        steps = []
        for name, percent in (
            ("deadweight", self.method.deadweight),
            ("attribution", self.method.attribution),
            ("displacement", self.method.displacement),
        ):
            steps.append(Step(name, percent, value))
            value = steps[-1].after
        object.__setattr__(self, "steps", steps)

    @property
    def counted(self) -> list[Line]:
        return self.lines + ([self.wellby] if self.wellby and self.wellby_included else [])

    @property
    def gross(self) -> Decimal:
        return sum((item.gross for item in self.counted), Decimal(0))

    @property
    def present(self) -> Decimal:
        return sum((item.present for item in self.counted), Decimal(0))

    @property
    def net(self) -> Decimal:
        return self.steps[-1].after

    @property
    def ratio(self) -> Decimal | None:
        """£ of value per £1 of cost; None without a cost (£0.00 of value is a figure)."""
        return money(self.net / self.cost) if self.cost else None


def work(
    *,
    terms: Iterable[Terms],
    quantities: Mapping[str, int],
    wellby: Terms | None,
    wellby_points: int,
    wellby_included: bool,
    cost: Decimal | None,
    method: Method,
) -> Working:
    """The estimate for these outcomes (by type name) and WELLBYs against `cost`."""
    lines = [
        line(kind, quantities[kind.name], method)
        for kind in terms
        if kind.value is not None and quantities.get(kind.name)
    ]
    wellby_line = line(wellby, wellby_points, method) if wellby and wellby.value else None
    return Working(method, lines, wellby_line, wellby_included, cost)


# The cost of a period: each financial year it touches, by its own days.


@dataclass(frozen=True)
class CostPart:
    year: int  # the financial year, by the year it starts
    days: int  # days of the period in it
    of: int  # days in that financial year: 365, or 366 with a 29 February

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


def cost_parts(start: dt.date, end: dt.date) -> list[CostPart]:
    parts = []
    year = start.year if start.month >= 4 else start.year - 1
    while dt.date(year, 4, 1) <= end:
        first, last = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
        days = (min(end, last) - max(start, first)).days + 1
        parts.append(CostPart(year, days, (last - first).days + 1))
        year += 1
    return parts


def period_cost(annual: Decimal, parts: list[CostPart]) -> Decimal:
    """The annual cost × each financial year's share of days, rounded once: a whole
    financial year costs exactly the annual cost, leap year or not."""
    share = sum((Fraction(part.days, part.of) for part in parts), Fraction(0))
    exact = Fraction(annual) * share
    return money(Decimal(exact.numerator) / Decimal(exact.denominator))
