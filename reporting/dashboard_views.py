"""The manager's dashboard, its CSV exports and the How we count page."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import Http404, StreamingHttpResponse
from django.utils.text import slugify

from lac.rendering import render
from localities.models import Locality
from reporting import tables
from reporting.figures import Figures
from reporting.periods import Period, Scope, ScopeForm
from reporting.registry import HEADLINES, METRICS, REGISTRY

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DEFAULTS = {"scope": "all", "period": "last12"}


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection).

    A number, negative ones included, stays a number; any other text starting with a
    formula character is prefixed with an apostrophe.
    """
    text = "" if value is None else str(value)
    if isinstance(value, int | float | Decimal):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_filename(table: tables.Table, scope: Scope) -> str:
    """What the file covers, e.g. lac-riverside-2025-26-comparison.csv."""
    where = slugify(scope.label) or "localities"
    return f"lac-{where}-{scope.period.slug}-{table.key.replace('_', '-')}.csv"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(table: tables.Table, scope: Scope) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow([csv_cell(h) for h in table.headers])
        for row in table.rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = csv_filename(table, scope)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def previous_scope(scope: Scope) -> Scope:
    """The same localities over the period of equal length just before this one."""
    days = scope.period.days
    start, end = scope.start - dt.timedelta(days=days), scope.start - dt.timedelta(days=1)
    label = f"the previous {days} days ({start:%d/%m/%Y} to {end:%d/%m/%Y})"
    return dataclasses.replace(scope, period=Period(start, end, label))


def _number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass(frozen=True)
class Tile:
    """A headline figure beside the same figure for the previous equal period."""

    key: str
    name: str
    value: Any
    previous: Any
    prefix: str = ""  # "£"
    suffix: str = ""  # "%": a share, whose change is in points, never a percent of it

    @property
    def change(self) -> Any:
        """This period's figure less the previous one's; None when either is missing."""
        if not (_number(self.value) and _number(self.previous)):
            return None
        change = self.value - self.previous
        return round(change, 1) if isinstance(change, float) else change

    @property
    def change_percent(self) -> int | None:
        if self.change is None or not self.previous or self.suffix == "%":
            return None
        return round(100 * self.change / self.previous)


# How a figure reads, by its metric: money and shares; every other figure is a count.
UNITS = {
    "value_per_pound": ("£", ""),
    "people_with_outcome_share": ("", "%"),
    "reintroduction_rate": ("", "%"),
}


def headline_tiles(
    figures: Figures, previous: Figures, keys: Iterable[str] | None = None
) -> list[Tile]:
    """A tile per headline metric of the registry (or per key given), so a metric added
    there appears here; keys the registry does not hold are left out."""
    return [
        Tile(
            key,
            REGISTRY[key].name,
            REGISTRY[key].compute(figures),
            REGISTRY[key].compute(previous),
            *UNITS.get(key, ("", "")),
        )
        for key in (HEADLINES if keys is None else keys)
        if key in REGISTRY
    ]


def scope_form(request) -> ScopeForm:
    data = {**DEFAULTS, **{k: v for k, v in request.GET.items() if v}}
    return ScopeForm(data, localities=Locality.objects.visible_to(request.user))


@permission_required("localities.view_dashboard", raise_exception=True)
def dashboard(request):
    """Figures for the localities a manager oversees, over a period, with CSV exports."""
    form = scope_form(request)
    if not form.is_valid() or not form.locality_list:
        return render(request, "reporting/dashboard.html", {"form": form}, status=200)
    scope = form.get_scope()
    figures = Figures(scope)
    if request.GET.get("format") == "csv":
        builder = tables.BUILDERS.get(request.GET.get("table", ""))
        if builder is None:
            raise Http404("No such table.")
        return csv_response(builder(figures), scope)
    wellbeing_table, bands_table, change = tables.wellbeing_tables(figures)
    types_table, value_table, estimate = tables.value_tables(figures)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    previous = Figures(previous_scope(scope))
    context = {
        "form": form,
        "scope": scope,
        "tiles": headline_tiles(figures, previous),
        "previous_label": previous.scope.period.label,
        "summary": tables.summary(figures),
        "comparison": tables.comparison(figures),
        "breakdowns": [tables.BUILDERS[key](figures) for key in tables.CHARTED],
        "needs": tables.BUILDERS["needs"](figures),
        "wellbeing_table": wellbeing_table,
        "bands_table": bands_table,
        "change": change,
        "types_table": types_table,
        "value_table": value_table,
        "estimate": estimate,
        "query": query.urlencode(),
    }
    return render(request, "reporting/dashboard.html", context)


@permission_required("localities.view_dashboard", raise_exception=True)
def how_we_count(request):
    """Every metric's plain-English definition and how it is counted."""
    return render(request, "reporting/how_we_count.html", {"metrics": METRICS})
