"""The value estimate's range and sensitivity: the same outcomes worked again under moved
assumptions, by the function `run` the estimate hands in (its own rows, its own cost)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from reporting.models import ValueSettings
from reporting.sroi import Method, Working, percent_within, plain


@dataclass(frozen=True)
class Variant:
    name: str
    working: Working

    @property
    def deadweight(self) -> Decimal:
        return self.working.method.deadweight

    @property
    def attribution(self) -> Decimal:
        return self.working.method.attribution

    @property
    def displacement(self) -> Decimal:
        return self.working.method.displacement

    @property
    def discount(self) -> Decimal:
        return self.working.method.discount

    @property
    def present(self) -> Decimal:
        return self.working.present

    @property
    def net(self) -> Decimal:
        return self.working.net

    @property
    def ratio(self) -> Decimal | None:
        return self.working.ratio


@dataclass(frozen=True)
class Sensitivity:
    """One assumption moved alone, down and up, and what it does to £ per £1."""

    assumption: str
    central: str
    down: str
    down_ratio: Decimal
    up: str
    up_ratio: Decimal

    @property
    def swing(self) -> Decimal:
        return abs(self.up_ratio - self.down_ratio)


def variants(
    central: Method, settings: ValueSettings, run: Callable[[Method], Working]
) -> list[Variant]:
    """Low, central and high: deadweight and attribution moved together by the step."""
    step = settings.sensitivity_step_pct
    moved = [
        ("Low", step),
        ("Central", Decimal(0)),
        ("High", -step),
    ]
    return [
        Variant(
            name,
            run(
                replace(
                    central,
                    deadweight=percent_within(central.deadweight + by),
                    attribution=percent_within(central.attribution + by),
                )
            ),
        )
        for name, by in moved
    ]


def sensitivity(
    central: Method, settings: ValueSettings, run: Callable[[Method], Working]
) -> list[Sensitivity]:
    """Each assumption moved alone to its low and high value, most telling first."""
    s = settings
    step = s.sensitivity_step_pct
    rows = []
    for label, name in (
        ("Deadweight", "deadweight"),
        ("Attribution", "attribution"),
        ("Displacement", "displacement"),
    ):
        value = getattr(central, name)
        down, up = percent_within(value - step), percent_within(value + step)
        rows.append(
            Sensitivity(
                label,
                f"{plain(value)} %",
                f"{plain(down)} %",
                run(replace(central, **{name: down})).ratio,
                f"{plain(up)} %",
                run(replace(central, **{name: up})).ratio,
            )
        )
    rows.append(
        Sensitivity(
            "Discount rate",
            f"{plain(central.discount)} %",
            f"{plain(s.discount_rate_low_pct)} %",
            run(replace(central, discount=s.discount_rate_low_pct)).ratio,
            f"{plain(s.discount_rate_high_pct)} %",
            run(replace(central, discount=s.discount_rate_high_pct)).ratio,
        )
    )
    rows.append(
        Sensitivity(
            "Drop-off of every outcome type",
            "as set per type",
            f"{plain(step)} points less",
            run(replace(central, drop_off_shift=-step)).ratio,
            f"{plain(step)} points more",
            run(replace(central, drop_off_shift=step)).ratio,
        )
    )
    rows.append(
        Sensitivity(
            "Duration of every outcome type",
            "as set per type",
            "1 year less (at least 1)",
            run(replace(central, duration_shift=-1)).ratio,
            "1 year more (at most 5)",
            run(replace(central, duration_shift=1)).ratio,
        )
    )
    return sorted(rows, key=lambda row: -row.swing)
