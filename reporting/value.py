"""Value estimate (SROI-style): outcomes × unit values, adjusted, against the cost.

Gross value = Σ quantity × unit value, per outcome type (each with its source and
price year). Net = gross × (1 − deadweight) × (1 − attribution) × (1 − displacement).
Cost = each locality's annual cost × days in the period ÷ 365. Localities without a
cost are listed, and their outcomes left out of the ratio, so value and cost cover
the same places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from reporting import metrics
from reporting.periods import Scope
from reporting.scoped import locality_rows
from reporting.wellbeing import wellbeing_change

PENNY = Decimal("0.01")
DAYS_IN_YEAR = 365


def money(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass
class TypeValue:
    name: str
    level: str
    quantity: int
    unit_value: Decimal | None
    source: str
    price_year: int | None

    @property
    def gross(self) -> Decimal | None:
        return None if self.unit_value is None else money(self.unit_value * self.quantity)


@dataclass
class Variant:
    name: str
    deadweight: Decimal
    attribution: Decimal
    displacement: Decimal
    net: Decimal
    ratio: Decimal | None


@dataclass
class Wellby:
    people: int
    points: int  # total change in life satisfaction, paired per person
    unit_value: Decimal
    price_year: int
    included: bool

    @property
    def value(self) -> Decimal:
        return money(self.unit_value * self.points)


@dataclass
class ValueEstimate:
    days: int
    types: list[TypeValue]
    gross: Decimal  # every locality in scope
    gross_costed: Decimal  # only localities with a cost: the ratio's numerator
    costs: list[tuple[str, Decimal, Decimal]]  # name, annual cost, cost over the period
    uncosted: list[str]
    cost: Decimal
    wellby: Wellby
    variants: list[Variant] = field(default_factory=list)

    @property
    def valued(self) -> list[TypeValue]:
        return [t for t in self.types if t.unit_value is not None]

    @property
    def not_valued(self) -> list[TypeValue]:
        return [t for t in self.types if t.unit_value is None]

    @property
    def central(self) -> Variant:
        return self.variants[1]

    @property
    def price_years(self) -> list[int]:
        return sorted({t.price_year for t in self.valued if t.price_year})


def _pct(value: float) -> Decimal:
    return min(max(Decimal(str(value)), Decimal(0)), Decimal(100))


def adjustments() -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """(variant, deadweight %, attribution %, displacement %): low, central, high."""
    dw, at = settings.LAC_VALUE_DEADWEIGHT_PCT, settings.LAC_VALUE_ATTRIBUTION_PCT
    dp, step = settings.LAC_VALUE_DISPLACEMENT_PCT, settings.LAC_VALUE_SENSITIVITY_PCT
    return [
        ("Low", _pct(dw + step), _pct(at + step), _pct(dp)),
        ("Central", _pct(dw), _pct(at), _pct(dp)),
        ("High", _pct(dw - step), _pct(at - step), _pct(dp)),
    ]


def value_estimate(scope: Scope) -> ValueEstimate:
    """No query of its own: the scope's outcome rows (by locality and type), its
    localities and its wellbeing checks, which the dashboard's other tables share."""
    places = locality_rows(scope)
    annual_costs = {pk: annual for pk, _name, annual in places}
    types: dict[str, TypeValue] = {}
    gross_costed = Decimal(0)
    for row in metrics.OUTCOMES.rows(scope):
        name, unit = row["outcome_type__name"], row["outcome_type__unit_value"]
        entry = types.setdefault(
            name,
            TypeValue(
                name,
                row["outcome_type__level"],
                0,
                unit,
                row["outcome_type__value_source"],
                row["outcome_type__price_year"],
            ),
        )
        entry.quantity += row["outcomes"]
        if unit is not None and annual_costs[row["locality"]] is not None:
            gross_costed += unit * row["outcomes"]
    days = scope.period.days
    costs = [
        (name, annual, money(annual * days / DAYS_IN_YEAR))
        for _pk, name, annual in places
        if annual is not None
    ]
    uncosted = [name for _pk, name, annual in places if annual is None]
    # Value and cost cover the same places: the WELLBY only of costed localities' people.
    costed = {pk for pk, annual in annual_costs.items() if annual is not None}
    change = wellbeing_change(scope, localities=costed if uncosted else None)
    life = change.item("life_satisfaction")
    wellby = Wellby(
        people=life.n,
        points=life.total_change,
        unit_value=Decimal(str(settings.LAC_WELLBY_VALUE)),
        price_year=settings.LAC_WELLBY_PRICE_YEAR,
        included=settings.LAC_VALUE_INCLUDE_WELLBY,
    )
    estimate = ValueEstimate(
        days=days,
        types=sorted(types.values(), key=lambda t: (t.level, t.name)),
        gross=money(sum((t.gross for t in types.values() if t.gross is not None), Decimal(0))),
        gross_costed=money(gross_costed),
        costs=costs,
        uncosted=uncosted,
        cost=money(sum((c for _, _, c in costs), Decimal(0))),
        wellby=wellby,
    )
    base = estimate.gross_costed + (wellby.value if wellby.included else 0)
    for name, dw, at, dp in adjustments():
        net = money(base * (1 - dw / 100) * (1 - at / 100) * (1 - dp / 100))
        ratio = money(net / estimate.cost) if estimate.cost else None
        estimate.variants.append(Variant(name, dw, at, dp, net, ratio))
    return estimate


def ratio_by_locality(scope: Scope) -> dict[int, Decimal | None]:
    """Each locality's central £ of value per £1, from the same rows as the estimate.

    None for a locality without a cost. No query of its own.
    """
    _name, dw, at, dp = adjustments()[1]
    keep = (1 - dw / 100) * (1 - at / 100) * (1 - dp / 100)
    gross: dict[int, Decimal] = {}
    for row in metrics.OUTCOMES.rows(scope):
        if row["outcome_type__unit_value"] is not None:
            gross[row["locality"]] = (
                gross.get(row["locality"], Decimal(0))
                + row["outcome_type__unit_value"] * row["outcomes"]
            )
    ratios: dict[int, Decimal | None] = {}
    for pk, _name, annual in locality_rows(scope):
        cost = money(annual * scope.period.days / DAYS_IN_YEAR) if annual is not None else None
        if not cost:
            ratios[pk] = None
            continue
        value = gross.get(pk, Decimal(0))
        if settings.LAC_VALUE_INCLUDE_WELLBY:
            points = wellbeing_change(scope, localities={pk}).item("life_satisfaction")
            value += Decimal(str(settings.LAC_WELLBY_VALUE)) * points.total_change
        ratios[pk] = money(money(value * keep) / cost)
    return ratios


def type_rows(estimate: ValueEstimate) -> list[list]:
    return [
        [
            t.name,
            t.quantity,
            "not valued" if t.unit_value is None else t.unit_value,
            t.gross if t.gross is not None else "",
            t.source,
            # A year, not a quantity: never "2,024".
            str(t.price_year) if t.price_year else "",
        ]
        for t in estimate.types
    ]


def variant_rows(estimate: ValueEstimate) -> list[list]:
    return [
        [
            v.name,
            v.deadweight,
            v.attribution,
            v.displacement,
            v.net,
            estimate.cost,
            "" if v.ratio is None else v.ratio,  # £0.00 per £1 is a figure, not a blank
        ]
        for v in estimate.variants
    ]
