"""Every dashboard table, keyed, built from the metric registry and a request's `Figures`:
the page, its CSV exports and the report share them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reporting.figures import Figures
from reporting.registry import HEADLINES, REGISTRY
from reporting.value import ValueEstimate
from reporting.value_rows import (
    SENSITIVITY_HEADERS,
    TYPE_HEADERS,
    VARIANT_HEADERS,
    sensitivity_rows,
    type_rows,
    variant_rows,
)
from reporting.wellbeing import WellbeingChange, band_rows, change_rows


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    chart_column: int | None = None  # the column drawn as bars, after its labels


def summary(figures: Figures, given: dict[str, Any] | None = None) -> Table:
    """Every headline figure; `given` holds figures the page knows better (the report's
    featured stories are the ones it prints for its reader)."""
    given = given or {}
    rows = [
        [REGISTRY[key].name, given[key] if key in given else REGISTRY[key].compute(figures)]
        for key in HEADLINES
    ]
    return Table("summary", "Headline figures", ["Measure", "Value"], rows)


def comparison(figures: Figures) -> Table:
    """Localities side by side: the summary's own grouped rows, split by locality."""
    columns = {key: REGISTRY[key].by_locality(figures) for key in HEADLINES}
    rows = [
        [name, *[columns[key].get(pk, REGISTRY[key].empty) for key in HEADLINES]]
        for pk, name, _cost in figures.localities
    ]
    headers = ["Locality", *[REGISTRY[key].name for key in HEADLINES]]
    return Table("comparison", "Localities side by side", headers, rows)


def _metric_table(key: str, chart_column: int | None = None) -> Callable[[Figures], Table]:
    def build(figures: Figures) -> Table:
        metric = REGISTRY[key]
        return Table(
            key,
            metric.name,
            list(metric.headers),
            metric.compute(figures),
            note=metric.counting,
            chart_column=chart_column,
        )

    return build


def wellbeing_tables(figures: Figures) -> tuple[Table, Table, WellbeingChange]:
    change = figures.wellbeing
    return (
        Table(
            "wellbeing",
            REGISTRY["wellbeing_change"].name,
            [
                "Question",
                "People",
                "Mean change",
                "Standard deviation",
                "95% CI from",
                "95% CI to",
                "% better",
                "% same",
                "% worse",
            ],
            change_rows(change),
            note=REGISTRY["wellbeing_change"].counting,
        ),
        Table(
            "wellbeing_bands",
            "Movement between ONS bands",
            ["Question", "Band at baseline", "Band at latest check", "People"],
            band_rows(change),
        ),
        change,
    )


def value_tables(figures: Figures) -> tuple[Table, Table, ValueEstimate]:
    """The value estimate's tables (their rows are the panel's lines) and the estimate."""
    estimate = figures.value
    return (
        Table("value_types", "Outcomes valued", TYPE_HEADERS, type_rows(estimate)),
        Table("value", "Estimated value per £1", VARIANT_HEADERS, variant_rows(estimate)),
        estimate,
    )


def value_sensitivity(figures: Figures) -> Table:
    return Table(
        "value_sensitivity",
        "Sensitivity of the value per £1",
        SENSITIVITY_HEADERS,
        sensitivity_rows(figures.value),
    )


# Charted breakdowns, each with the column holding its charted figure.
CHARTED = {
    "introductions_by_month": 1,
    "introductions_by_source": 1,
    "introductions_by_support_level": 1,
    "closing_reasons": 1,
    "length_of_involvement": 2,
    "contacts_by_mode": 1,
    "contacts_by_area": 1,
    "connections_by_category": 1,
    "outcomes_by_type": 2,
    "outcomes_by_source": 1,
}

BUILDERS: dict[str, Callable[[Figures], Table]] = {
    "summary": summary,
    "comparison": comparison,
    **{key: _metric_table(key, column) for key, column in CHARTED.items()},
    "needs": _metric_table("needs"),
    "wellbeing": lambda figures: wellbeing_tables(figures)[0],
    "wellbeing_bands": lambda figures: wellbeing_tables(figures)[1],
    "value_types": lambda figures: value_tables(figures)[0],
    "value": lambda figures: value_tables(figures)[1],
    "value_sensitivity": value_sensitivity,
}
