"""Published impact reports: publish one, list them, read one as it was published."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lac.idempotency import saved_at, saves_once
from lac.pagination import keyset_page
from lac.rendering import render
from localities.models import Locality
from reporting import publish
from reporting.models import PublishedReport
from reporting.pdf import html_to_pdf, pdf_available
from reporting.periods import Scope, ScopeForm
from reporting.publish_changes import changes_since
from reporting.tables import Table

SCOPE_FIELDS = ("scope", "period", "start", "end")


def _back_to_report(data) -> str:
    """The report page for the scope and period that were sent, as they were typed."""
    query = urlencode({name: data[name] for name in SCOPE_FIELDS if data.get(name)})
    return reverse("reporting:report") + (f"?{query}" if query else "")


@require_POST
@permission_required("localities.view_dashboard", raise_exception=True)
@saves_once
def published_new(request):
    """Publish the impact report for a scope and period, frozen at a stable link."""
    form = ScopeForm(request.POST, localities=Locality.objects.visible_to(request.user))
    chosen = request.POST.get("scope") and request.POST.get("period")
    if not chosen or not form.is_valid():
        # The report page shows the same choice again with what is wrong with it.
        problems = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(
            request,
            " ".join(["Not published: choose localities you cover and a period.", *problems]),
        )
        return redirect(_back_to_report(request.POST))
    scope = form.get_scope()
    if form.cleaned_data.get("scope") in ("", "all"):
        # "All my localities" would mean nothing to the next reader: name them.
        scope = dataclasses.replace(scope, label=_named(scope))
    report = publish.published_report_create(scope=scope, by=request.user)
    messages.success(request, f"Published: {report}. This page will always show it as now.")
    return redirect(saved_at(request, report))


def _named(scope: Scope) -> str:
    names = list(scope.localities.order_by("name").values_list("name", flat=True))
    named = ", ".join(names)
    return named if len(names) == 1 or len(named) <= 150 else f"{len(names)} localities"


@permission_required("localities.view_dashboard", raise_exception=True)
def published_list(request):
    """The impact reports published for localities the manager all covers."""
    reports = (
        PublishedReport.objects.visible_to(request.user)
        .defer("snapshot")
        .select_related("published_by")
        .prefetch_related("localities")
    )
    page = keyset_page(reports, ordering=["-published_at", "-pk"], request=request, per_page=25)
    return render(request, "reporting/published_list.html", {"page": page})


@permission_required("localities.view_dashboard", raise_exception=True)
def published_detail(request, pk):
    """A published report as it was published, its checksum, and what has changed since."""
    report = get_object_or_404(PublishedReport.objects.visible_to(request.user), pk=pk)
    # Before anything is shown: a story whose consent has gone leaves, however it went.
    report = publish.withdraw_where_unshareable(report)
    output = request.GET.get("format")
    if output == "json":
        response = HttpResponse(report.snapshot, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="impact-report-{report.pk}-{report.checksum[:12]}.json"'
        )
        return response
    snapshot = publish.load_snapshot(report.snapshot)
    context = {"report": report, **frozen(snapshot)}
    if output == "pdf" and pdf_available():
        html = render(request, "reporting/published_detail.html", {**context, "for_pdf": True})
        pdf = html_to_pdf(html.content.decode(), base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="impact-report-{report.pk}-{report.checksum[:12]}.pdf"'
        )
        return response
    if output == "pdf":
        messages.info(request, "PDF is not available on this server: print the page instead.")
    context["comparison"] = changes_since(report, snapshot, reader=request.user)
    context["pdf"] = pdf_available()
    return render(request, "reporting/published_detail.html", context)


def frozen(snapshot: dict) -> dict:
    """The snapshot as the page shows it: its tables as tables, by section, dates as dates."""
    sections: dict[str, list[Table]] = {}
    for table in snapshot["tables"]:
        sections.setdefault(table["section"], []).append(
            Table(
                table["key"],
                table["title"],
                table["headers"],
                table["rows"],
                note=table["note"],
                chart_column=table["chart_column"],
            )
        )
    stories = [
        {**story, "told_on": dt.date.fromisoformat(story["told_on"])}
        for story in snapshot["stories"]
    ]
    withdrawn = [dt.date.fromisoformat(entry["on"]) for entry in snapshot["withdrawn"]]
    return {
        "snapshot": snapshot,
        "sections": sections,
        "stories": stories,
        "withdrawn": withdrawn,
        "settings": snapshot["method"]["settings"],
        "deflators": snapshot["method"]["gdp_deflators"],
    }
