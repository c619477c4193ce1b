"""Value estimate by the SROI method: recorded outcomes valued over their duration, against
the cost of the service.

Each outcome type's unit value is brought to the estimate's price year by the GDP
deflator, then valued over its duration with drop-off and discounting (`reporting.sroi`),
then reduced for deadweight, attribution and displacement; £ per £1 divides that by the
cost of the period. Localities without a cost are listed, and their outcomes left out of
the ratio, so value and cost cover the same places.

Each locality's outcomes, WELLBYs and cost are read first (`locality_values`); the scope's
estimate adds those rows up and works them through the same `Basis.work` as each
locality's own £ per £1, so the comparison table and the headline can never disagree. No
query here: `Figures` hands in the rows, the settings and the deflator series it read.
The range and sensitivity are in `value_range`, the tables' rows in `value_rows`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from reporting import value_range
from reporting.models import ValueSettings
from reporting.periods import Period
from reporting.sroi import (
    CostPart,
    Method,
    Prices,
    Terms,
    Working,
    cost_parts,
    financial_year_label,
    money,
    period_cost,
    plain,
    priced,
    work,
)
from reporting.value_range import Sensitivity, Variant
from reporting.wellbeing import WellbeingChange

LABEL = "Estimated social value (SROI method, forecast from recorded outcomes)"
WELLBY = "Wellbeing (WELLBYs)"


@dataclass(frozen=True)
class Basis:
    """What every estimate of one request is worked with: the service's settings, the
    prices, and the terms of each outcome type recorded in the scope."""

    settings: ValueSettings
    prices: Prices
    types: dict[str, Terms]  # by name
    wellby: Terms

    @property
    def method(self) -> Method:
        s = self.settings
        return Method(s.deadweight_pct, s.attribution_pct, s.displacement_pct, s.discount_rate_pct)

    def work(
        self,
        quantities: Mapping[str, int],
        wellby_points: int,
        cost: Decimal | None,
        method: Method | None = None,
    ) -> Working:
        return work(
            terms=self.types.values(),
            quantities=quantities,
            wellby=self.wellby,
            wellby_points=wellby_points,
            wellby_included=self.settings.include_wellby,
            cost=cost,
            method=method or self.method,
        )


def value_basis(
    outcomes: Iterable[dict], settings: ValueSettings, series: Mapping[int, Decimal]
) -> Basis:
    """The terms of every outcome type in the outcome family's rows, priced."""
    prices = Prices(settings.price_year, series)
    types: dict[str, Terms] = {}
    for row in outcomes:
        name = row["outcome_type__name"]
        if name not in types:
            types[name] = priced(
                Terms(
                    name,
                    row["outcome_type__unit_value"],
                    row["outcome_type__price_year"],
                    row["outcome_type__value_source"],
                    row["outcome_type__level"],
                    row["outcome_type__duration_years"],
                    row["outcome_type__drop_off_pct"],
                ),
                prices,
            )
    wellby = Terms(
        WELLBY,
        settings.wellby_value,
        settings.wellby_price_year,
        "HM Treasury, Wellbeing guidance for appraisal (2021)",
        fixed=True,
    )
    ordered = dict(sorted(types.items(), key=lambda item: (item[1].level, item[0])))
    return Basis(settings, prices, ordered, priced(wellby, prices))


@dataclass(frozen=True, eq=False)
class LocalityValue:
    """One locality's outcomes, WELLBYs and cost over the period: the scope adds these up."""

    pk: int
    name: str
    annual_cost: Decimal | None
    cost: Decimal | None  # over the period; None without an annual cost
    quantities: Mapping[str, int]  # outcomes recorded here, by type name
    wellby_people: int  # people with paired checks here
    wellby_points: int  # their change in life satisfaction
    basis: Basis
    # Who they are: someone paired in two localities is one person in the scope.
    wellby_who: frozenset[int] = frozenset()

    @cached_property
    def working(self) -> Working:
        return self.basis.work(self.quantities, self.wellby_points, self.cost)

    @property
    def ratio(self) -> Decimal | None:
        """The central £ of value per £1; None without a cost."""
        return self.working.ratio


def locality_values(
    outcomes: Iterable[dict],
    localities: Iterable[tuple[int, str, Decimal | None]],
    wellbeing: Mapping[int, WellbeingChange],
    period: Period,
    basis: Basis,
) -> list[LocalityValue]:
    """Per locality (pk, name, annual cost): its outcomes (rows of the outcome family), its
    WELLBYs (checks paired within it) and its cost over the period."""
    quantities: dict[int, Counter] = {}
    for row in outcomes:
        quantities.setdefault(row["locality"], Counter())[row["outcome_type__name"]] += row[
            "outcomes"
        ]
    parts = cost_parts(period.start, period.end)
    places = []
    for pk, name, annual in localities:
        life = wellbeing[pk].item("life_satisfaction") if pk in wellbeing else None
        places.append(
            LocalityValue(
                pk,
                name,
                annual,
                None if annual is None else period_cost(annual, parts),
                quantities.get(pk, Counter()),
                life.n if life else 0,
                life.total_change if life else 0,
                basis,
                wellbeing[pk].people if pk in wellbeing else frozenset(),
            )
        )
    return places


# The scope's estimate.


@dataclass(frozen=True)
class TypeValue:
    """An outcome type recorded in the scope: how many, and how (or why not) it is valued."""

    terms: Terms
    quantity: int  # in every locality of the scope, with a cost or not

    @property
    def name(self) -> str:
        return self.terms.name

    @property
    def unit_value(self) -> Decimal | None:
        return self.terms.unit_value

    @property
    def price_year(self) -> int | None:
        return self.terms.price_year


@dataclass(frozen=True)
class WellbyValue:
    people: int  # with paired checks in a costed locality, each person once
    points: int  # total change in life satisfaction, paired per person and locality
    terms: Terms
    included: bool

    @property
    def unit_value(self) -> Decimal:
        return self.terms.unit_value

    @property
    def price_year(self) -> int:
        return self.terms.price_year

    @property
    def value(self) -> Decimal | None:
        """The change × the WELLBY value in the estimate's prices, before discounting."""
        return None if self.terms.value is None else money(self.terms.value * self.points)


@dataclass
class ValueEstimate:
    label: str
    settings: ValueSettings
    days: int
    types: list[TypeValue]
    parts: list[CostPart]  # the financial years the period covers
    costs: list[tuple[str, Decimal, Decimal]]  # name, annual cost, cost over the period
    uncosted: list[str]
    cost: Decimal
    wellby: WellbyValue
    variants: list[Variant]
    sensitivity: list[Sensitivity] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def central(self) -> Variant:
        return self.variants[1]

    @property
    def working(self) -> Working:
        return self.central.working

    @property
    def gross(self) -> Decimal:
        return self.working.gross

    @property
    def price_year(self) -> str:
        return financial_year_label(self.settings.price_year)

    @property
    def discount_text(self) -> str:
        return plain(self.settings.discount_rate_pct)

    @property
    def step_text(self) -> str:
        return plain(self.settings.sensitivity_step_pct)

    @property
    def valued(self) -> list[TypeValue]:
        return [t for t in self.types if t.terms.value is not None]

    @property
    def not_valued(self) -> list[TypeValue]:
        return [t for t in self.types if t.terms.value is None]

    @property
    def price_years(self) -> list[int]:
        return sorted({t.price_year for t in self.valued if t.price_year})


def _messages(types: list[TypeValue], wellby: Terms) -> list[str]:
    """What the series lacks, said once per reason, with the types it leaves out."""
    missing: dict[str, list[str]] = {}
    for kind in types:
        if "deflator" in kind.terms.not_valued:
            missing.setdefault(kind.terms.not_valued, []).append(kind.name)
    if "deflator" in wellby.not_valued:
        missing.setdefault(wellby.not_valued, []).append("the WELLBY")
    return [
        f"Not valued: {', '.join(names)} ({reason}). An administrator can add the year's "
        "index under GDP deflators in the admin."
        for reason, names in missing.items()
    ]


def value_estimate(
    outcomes: Iterable[dict], places: list[LocalityValue], period: Period, basis: Basis
) -> ValueEstimate:
    """The scope's estimate: its localities' rows added up and worked as each one's.

    Value and cost cover the same places: the ratio counts only localities with a cost,
    their outcomes and their people's WELLBYs.
    """
    costed = [place for place in places if place.cost is not None]
    quantities: Counter = Counter()
    for place in costed:
        quantities.update(place.quantities)
    points = sum(place.wellby_points for place in costed)
    cost = sum((place.cost for place in costed), Decimal(0))

    def run(method: Method) -> Working:
        return basis.work(quantities, points, cost, method)

    everywhere: Counter = Counter()
    for row in outcomes:
        everywhere[row["outcome_type__name"]] += row["outcomes"]
    types = [TypeValue(terms, everywhere[name]) for name, terms in basis.types.items()]
    return ValueEstimate(
        label=LABEL,
        settings=basis.settings,
        days=period.days,
        types=types,
        parts=cost_parts(period.start, period.end),
        costs=[(place.name, place.annual_cost, place.cost) for place in costed],
        uncosted=[place.name for place in places if place.cost is None],
        cost=cost,
        wellby=WellbyValue(
            len(frozenset().union(*(place.wellby_who for place in costed))),
            points,
            basis.wellby,
            basis.settings.include_wellby,
        ),
        variants=value_range.variants(basis.method, basis.settings, run),
        sensitivity=(value_range.sensitivity(basis.method, basis.settings, run) if cost else []),
        messages=_messages(types, basis.wellby),
    )
