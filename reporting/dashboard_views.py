"""The manager's dashboard, its CSV exports and the How we count page."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.decorators import permission_required
from django.http import Http404, StreamingHttpResponse

from lac.rendering import render
from localities.models import Locality
from reporting import tables
from reporting.figures import Figures
from reporting.periods import Scope, ScopeForm
from reporting.registry import METRICS

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
    filename = f"{table.key}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    context = {
        "form": form,
        "scope": scope,
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
