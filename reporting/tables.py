"""Every dashboard table, keyed, built from the metric registry: HTML and CSV share them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from localities.models import CommunityAsset
from people.models import Introduction
from reporting import metrics, value, wellbeing
from reporting.periods import Scope
from reporting.scoped import locality_rows


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    chart: dict = field(default_factory=dict)  # {"type": "bar"|"line", "value_column": i}


def summary(scope: Scope) -> Table:
    rows = [
        [metrics.REGISTRY[k].name, metrics.REGISTRY[k].compute(scope)] for k in metrics.HEADLINES
    ]
    return Table("summary", "Headline figures", ["Measure", "Value"], rows)


def _metric_table(key: str, chart: tuple[str, int]) -> Callable[[Scope], Table]:
    def build(scope: Scope) -> Table:
        metric = metrics.REGISTRY[key]
        return Table(
            key,
            metric.name,
            list(metric.headers),
            metric.compute(scope),
            note=metric.counting,
            chart={"type": chart[0], "value_column": chart[1]},
        )

    return build


def comparison(scope: Scope) -> Table:
    """Localities side by side: the summary's own grouped rows, split by locality."""
    columns = {key: metrics.REGISTRY[key].by_locality(scope) for key in metrics.HEADLINES}
    rows = [
        [name, *[columns[key].get(pk, _empty(key)) for key in metrics.HEADLINES]]
        for pk, name, _cost in locality_rows(scope)
    ]
    headers = ["Locality", *[metrics.REGISTRY[key].name for key in metrics.HEADLINES]]
    return Table("comparison", "Localities side by side", headers, rows)


def _empty(key: str):
    return None if "days" in key else 0


def needs_rows(scope: Scope) -> list[list]:
    """Per locality and theme: introductions in the period raising it, active assets carrying it.

    Two queries. Area-wide assets (no locality) count for every locality.
    """
    Through = Introduction.themes.through
    needs = (
        Through.objects.filter(
            introduction__locality__in=scope.localities,
            introduction__introduced_on__range=(scope.start, scope.end),
        )
        .order_by()
        .values("introduction__locality__name", "theme_id", "theme__name")
        .annotate(n=Count("pk"))
    )
    AssetThrough = CommunityAsset.themes.through
    assets = (
        AssetThrough.objects.filter(
            Q(communityasset__locality__in=scope.localities)
            | Q(communityasset__locality__isnull=True),
            communityasset__active=True,
        )
        .order_by()
        .values("communityasset__locality__name", "theme_id")
        .annotate(n=Count("pk"))
    )
    offered: dict[tuple[str | None, int], int] = defaultdict(int)
    for row in assets:
        offered[(row["communityasset__locality__name"], row["theme_id"])] += row["n"]
    rows = []
    for row in needs:
        place, theme = row["introduction__locality__name"], row["theme_id"]
        count = offered[(place, theme)] + offered[(None, theme)]
        rows.append([place, row["theme__name"], row["n"], count, "Unmet" if count == 0 else ""])
    return sorted(rows, key=lambda r: (r[0], r[4] != "Unmet", -r[2], r[1]))


def needs(scope: Scope) -> Table:
    return Table(
        "needs",
        "Needs against assets",
        ["Locality", "Theme", "Introductions raising it", "Active assets", "Unmet need"],
        needs_rows(scope),
        note="Themes of introductions made in the period, against active assets in the "
        "locality or area-wide carrying the same theme. 'Unmet' means needs but no asset.",
    )


def wellbeing_tables(scope: Scope) -> tuple[Table, Table, wellbeing.WellbeingChange]:
    change = wellbeing.wellbeing_change(scope)
    note = metrics.REGISTRY["wellbeing_change"].counting
    return (
        Table(
            "wellbeing",
            "Wellbeing change (paired)",
            ["Question", "People", "Mean change", "% better", "% same", "% worse"],
            wellbeing.change_rows(change),
            note=note,
        ),
        Table(
            "wellbeing_bands",
            "Movement between ONS bands",
            ["Question", "Band at first check", "Band at latest check", "People"],
            wellbeing.band_rows(change),
        ),
        change,
    )


def value_tables(scope: Scope) -> tuple[Table, Table, value.ValueEstimate]:
    estimate = value.value_estimate(scope)
    return (
        Table(
            "value_types",
            "Outcomes valued",
            [
                "Outcome type",
                "Outcomes",
                "Unit value (£)",
                "Gross value (£)",
                "Source",
                "Price year",
            ],
            value.type_rows(estimate),
        ),
        Table(
            "value",
            "Estimated value per £1",
            [
                "Variant",
                "Deadweight %",
                "Attribution %",
                "Displacement %",
                "Net value (£)",
                "Cost (£)",
                "Value per £1 (£)",
            ],
            value.variant_rows(estimate),
        ),
        estimate,
    )


# Charted breakdowns: (chart type, the column holding the charted figure).
CHARTED = {
    "introductions_by_month": ("line", 1),
    "introductions_by_source": ("bar", 1),
    "introductions_by_support_level": ("bar", 1),
    "closing_reasons": ("bar", 1),
    "contacts_by_mode": ("bar", 1),
    "contacts_by_area": ("bar", 1),
    "connections_by_category": ("bar", 1),
    "outcomes_by_type": ("bar", 2),
}

BUILDERS: dict[str, Callable[[Scope], Table]] = {
    "summary": summary,
    "comparison": comparison,
    **{key: _metric_table(key, chart) for key, chart in CHARTED.items()},
    "needs": needs,
    "wellbeing": lambda scope: wellbeing_tables(scope)[0],
    "wellbeing_bands": lambda scope: wellbeing_tables(scope)[1],
    "value_types": lambda scope: value_tables(scope)[0],
    "value": lambda scope: value_tables(scope)[1],
}
