"""Value estimate (SROI-style): outcomes × unit values, adjusted, against the cost.

Gross value = Σ quantity × unit value, per outcome type (each with its source and
price year). Net = gross × (1 − deadweight) × (1 − attribution) × (1 − displacement).
Cost = each locality's annual cost × days in the period ÷ 365. Localities without a
cost are listed, and their outcomes left out of the ratio, so value and cost cover
the same places.

Each locality's value and cost are worked out first (`locality_values`); the scope's
estimate adds those rows up and goes through the same `variants` as each locality's own
£ per £1, so the comparison table and the headline can never disagree. No query here:
`Figures` hands in the rows it read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from reporting.wellbeing import WellbeingChange

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
    people: int  # with paired checks, counted in each locality they were paired in
    points: int  # total change in life satisfaction, paired per person and locality
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


def variants(base: Decimal, cost: Decimal | None) -> list[Variant]:
    """Low, central and high net value and £ per £1 of `base` against `cost`: the one
    way both a locality's figure and the scope's are worked out."""
    worked = []
    for name, dw, at, dp in adjustments():
        net = money(base * (1 - dw / 100) * (1 - at / 100) * (1 - dp / 100))
        worked.append(Variant(name, dw, at, dp, net, money(net / cost) if cost else None))
    return worked


def wellby_unit_value() -> Decimal:
    return Decimal(str(settings.LAC_WELLBY_VALUE))


@dataclass(frozen=True)
class LocalityValue:
    """One locality's value and cost over the period: the scope's estimate adds these up."""

    pk: int
    name: str
    annual_cost: Decimal | None
    cost: Decimal | None  # over the period; None without an annual cost
    gross: Decimal  # valued outcomes recorded here, not yet rounded
    wellby_people: int  # people with paired checks here
    wellby_points: int  # their change in life satisfaction

    @property
    def base(self) -> Decimal:
        """What the ratio counts: valued outcomes, and WELLBYs when the setting says so."""
        if settings.LAC_VALUE_INCLUDE_WELLBY:
            return self.gross + wellby_unit_value() * self.wellby_points
        return self.gross

    @property
    def ratio(self) -> Decimal | None:
        """The central £ of value per £1; None without a cost."""
        return variants(self.base, self.cost)[1].ratio


def locality_values(
    outcomes: Iterable[dict],
    localities: Iterable[tuple[int, str, Decimal | None]],
    wellbeing: Mapping[int, WellbeingChange],
    days: int,
) -> list[LocalityValue]:
    """Per locality (pk, name, annual cost): its valued outcomes (rows of the outcome
    family), its WELLBYs (checks paired within it) and its cost over `days`."""
    gross: dict[int, Decimal] = {}
    for row in outcomes:
        if row["outcome_type__unit_value"] is not None:
            gross[row["locality"]] = (
                gross.get(row["locality"], Decimal(0))
                + row["outcome_type__unit_value"] * row["outcomes"]
            )
    places = []
    for pk, name, annual in localities:
        life = wellbeing[pk].item("life_satisfaction") if pk in wellbeing else None
        places.append(
            LocalityValue(
                pk,
                name,
                annual,
                None if annual is None else money(annual * days / DAYS_IN_YEAR),
                gross.get(pk, Decimal(0)),
                life.n if life else 0,
                life.total_change if life else 0,
            )
        )
    return places


def _types(outcomes: Iterable[dict]) -> list[TypeValue]:
    types: dict[str, TypeValue] = {}
    for row in outcomes:
        name = row["outcome_type__name"]
        entry = types.setdefault(
            name,
            TypeValue(
                name,
                row["outcome_type__level"],
                0,
                row["outcome_type__unit_value"],
                row["outcome_type__value_source"],
                row["outcome_type__price_year"],
            ),
        )
        entry.quantity += row["outcomes"]
    return sorted(types.values(), key=lambda t: (t.level, t.name))


def value_estimate(
    outcomes: Iterable[dict], places: list[LocalityValue], days: int
) -> ValueEstimate:
    """The scope's estimate: the sum of its localities' rows, worked out as each one's.

    Value and cost cover the same places: the ratio counts only localities with a cost,
    their outcomes and their people's WELLBYs.
    """
    costed = [place for place in places if place.cost is not None]
    cost = money(sum((place.cost for place in costed), Decimal(0)))
    return ValueEstimate(
        days=days,
        types=_types(outcomes),
        gross=money(sum((place.gross for place in places), Decimal(0))),
        gross_costed=money(sum((place.gross for place in costed), Decimal(0))),
        costs=[(place.name, place.annual_cost, place.cost) for place in costed],
        uncosted=[place.name for place in places if place.cost is None],
        cost=cost,
        wellby=Wellby(
            people=sum(place.wellby_people for place in costed),
            points=sum(place.wellby_points for place in costed),
            unit_value=wellby_unit_value(),
            price_year=settings.LAC_WELLBY_PRICE_YEAR,
            included=settings.LAC_VALUE_INCLUDE_WELLBY,
        ),
        variants=variants(sum((place.base for place in costed), Decimal(0)), cost),
    )


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
