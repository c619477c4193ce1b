"""The printable impact report: headline figures, the value estimate and featured stories."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse

from lac.rendering import render
from outcomes.models import Consent, OutcomeStory
from reporting import tables
from reporting.dashboard_views import scope_form
from reporting.figures import Figures
from reporting.pdf import html_to_pdf, pdf_available
from reporting.periods import Scope


@dataclass(frozen=True)
class SharedStory:
    """A story as it may appear in print: the name only with consent to be named."""

    title: str
    text: str
    level: str
    told_on: object
    attribution: str
    pk: int | None = None  # the story's id: a published report takes it out if consent goes


def shared_stories(scope: Scope, user) -> list[SharedStory]:
    """Featured stories in the period, consent enforced here rather than in the template.

    Only stories the reader may see: one about a person who has moved to a locality the
    reader does not cover is left out, though it was told where the report looks.
    """
    stories = (
        OutcomeStory.objects.visible_to(user)
        .filter(
            locality__in=scope.localities,
            told_on__range=(scope.start, scope.end),
            featured=True,
        )
        .exclude(consent=Consent.NONE)
        .select_related("locality", "person")
        .order_by("told_on", "pk")
    )
    shared = []
    for story in stories:
        title, text = story.title, story.text
        if story.consent == Consent.NAMED and story.person_id:
            attribution = f"{story.person.full_name}, {story.locality.name}"
        elif story.person_id:
            attribution = f"A person in {story.locality.name}"
            title, text = without_names(title, story.person), without_names(text, story.person)
        else:
            attribution = f"The community in {story.locality.name}"
        shared.append(
            SharedStory(
                title, text, story.get_level_display(), story.told_on, attribution, story.pk
            )
        )
    return shared


NAME_REMOVED = "[name]"


def without_names(text: str, person) -> str:
    """The text with the person's names taken out, for a story shared anonymised.

    Writers are asked not to use names in such stories; this catches the ones that slip
    in. Whole words, in any case, full name first: better "I [name] so" for a person
    called Hope than a name left in print.
    """
    names = {person.full_name, person.first_name, person.last_name, person.preferred_name}
    names = sorted((n.strip() for n in names if n and len(n.strip()) > 1), key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    return pattern.sub(NAME_REMOVED, text)


# The breakdowns a commissioner reads first; each drawn as a chart with its table.
REPORT_CHARTS = [
    "introductions_by_source",
    "contacts_by_area",
    "connections_by_category",
    "outcomes_by_type",
]


@permission_required("localities.view_dashboard", raise_exception=True)
def report(request):
    """An A4 impact report for a locality or district over a period."""
    form = scope_form(request)
    if not form.is_valid() or not form.locality_list:
        return render(request, "reporting/report.html", {"form": form})
    scope = form.get_scope()
    figures = Figures(scope)
    types_table, value_table, estimate = tables.value_tables(figures)
    context = {
        "form": form,
        "scope": scope,
        "summary": tables.summary(figures),
        "types_table": types_table,
        "value_table": value_table,
        "estimate": estimate,
        "stories": shared_stories(scope, request.user),
        "charts": [tables.BUILDERS[key](figures) for key in REPORT_CHARTS],
        "report_query": _query_without(request, "format"),
    }
    if request.GET.get("format") == "pdf":
        if not pdf_available():
            messages.info(request, "PDF is not available on this server: print the page instead.")
            return render(request, "reporting/report.html", context)
        html = render(request, "reporting/report.html", {**context, "for_pdf": True})
        pdf = html_to_pdf(html.content.decode(), base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="lac-impact-report.pdf"'
        return response
    return render(request, "reporting/report.html", {**context, "pdf": pdf_available()})


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
