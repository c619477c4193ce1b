"""The printable impact report: headline figures, the value estimate and featured stories."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.utils.text import slugify

from lac.rendering import render
from outcomes.models import Consent, Level, OutcomeStory
from people.retention import ANONYMISED
from reporting import tables
from reporting.dashboard_views import headline_tiles, previous_scope, scope_form
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

    A story shared anonymised is printed without the person's names; one not to be shared
    never. The stories of people anonymised by the retention run are never printed: their
    title and text are gone, and a story is theirs to have told. Only stories the reader
    may see: one about a person who has moved to a locality the reader does not cover is
    left out, though it was told where the report looks.
    """
    stories = (
        OutcomeStory.objects.visible_to(user)
        .filter(
            locality__in=scope.localities,
            told_on__range=(scope.start, scope.end),
            featured=True,
        )
        .exclude(consent=Consent.NONE)
        .exclude(person__first_name=ANONYMISED)
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


@dataclass(frozen=True)
class ReportSection:
    """A part of the report after its first page: figures and a chart, beside a story."""

    key: str
    title: str
    figures: tuple[str, ...] = ()  # registry keys, shown as tiles
    chart: str | None = None  # a table of `tables.BUILDERS`, drawn as bars
    levels: tuple[str, ...] = ()  # the story levels a story beside it is best about


# A commissioner's first page: these figures as tiles, the value range, one story.
KEY_FIGURES = (
    "people_supported",
    "introductions",
    "contacts",
    "hours",
    "connections",
    "people_with_outcome",
    "outcomes",
)
# Each section's figures: keys the registry does not hold are left out, so a section
# shows what the registry counts today.
REPORT_SECTIONS = [
    ReportSection(
        "what",
        "What happened",
        (
            "active_at_end",
            "closed",
            "contacts",
            "attempted_contacts",
            "hours",
            "moved_to_walking_alongside",
        ),
        "contacts_by_area",
        (Level.INDIVIDUAL.label,),
    ),
    ReportSection(
        "who",
        "Who introduced people",
        (
            "introductions",
            "reintroduction_rate",
            "median_days_to_first_contact",
            "p90_days_to_first_contact",
        ),
        "introductions_by_source",
        (Level.INDIVIDUAL.label,),
    ),
    ReportSection(
        "community",
        "Connections and community",
        ("connections", "assets_developed", "assets_developed_total"),
        "connections_by_category",
        (Level.COMMUNITY.label,),
    ),
    ReportSection(
        "outcomes",
        "Outcomes",
        (
            "outcomes",
            "outcomes_individual",
            "outcomes_community",
            "outcomes_system",
            "people_with_outcome",
            "people_with_outcome_share",
            "median_days_to_first_outcome",
        ),
        "outcomes_by_type",
        (Level.SYSTEM.label,),
    ),
    ReportSection("wellbeing", "Wellbeing", levels=(Level.INDIVIDUAL.label,)),
    ReportSection("value", "Value and method", levels=(Level.SYSTEM.label,)),
]
# The breakdowns the report draws, in its order.
REPORT_CHARTS = [section.chart for section in REPORT_SECTIONS if section.chart]
# Outcome charts can be long: the report draws the largest bars, the dashboard all.
REPORT_CHART_BARS = 8


def stories_placed(
    stories: list[SharedStory],
) -> tuple[SharedStory | None, dict[str, SharedStory], list[SharedStory]]:
    """Every story printed once: the first beside the key figures, then one beside each
    section (one about the section's level where there is one), the rest at the end."""
    left = list(stories)
    lead = left.pop(0) if left else None
    beside: dict[str, SharedStory] = {}
    for section in REPORT_SECTIONS:
        if not left:
            break
        story = next((s for s in left if s.level in section.levels), left[0])
        left.remove(story)
        beside[section.key] = story
    return lead, beside, left


def report_sections(
    figures: Figures, previous: Figures, beside: dict[str, SharedStory]
) -> dict[str, dict]:
    return {
        section.key: {
            "title": section.title,
            "tiles": headline_tiles(figures, previous, section.figures),
            "chart": tables.BUILDERS[section.chart](figures) if section.chart else None,
            "story": beside.get(section.key),
        }
        for section in REPORT_SECTIONS
    }


@permission_required("localities.view_dashboard", raise_exception=True)
def report(request):
    """An A4 impact report for a locality or district over a period."""
    form = scope_form(request)
    if not form.is_valid() or not form.locality_list:
        return render(request, "reporting/report.html", {"form": form})
    scope = form.get_scope()
    figures = Figures(scope)
    previous = Figures(previous_scope(scope))
    types_table, value_table, estimate = tables.value_tables(figures)
    wellbeing_table, _bands, change = tables.wellbeing_tables(figures)
    stories = shared_stories(scope, request.user)
    lead_story, beside, more_stories = stories_placed(stories)
    context = {
        "form": form,
        "scope": scope,
        # The featured stories figure is the stories printed for this reader (one of
        # someone now in a locality they do not cover is told here but not printed).
        "summary": tables.summary(figures, {"featured_stories": len(stories)}),
        "key_tiles": headline_tiles(figures, previous, KEY_FIGURES),
        "previous_label": previous.scope.period.label,
        "sections": report_sections(figures, previous, beside),
        "chart_bars": REPORT_CHART_BARS,
        "wellbeing_table": wellbeing_table,
        "change": change,
        "types_table": types_table,
        "value_table": value_table,
        "estimate": estimate,
        "stories": stories,
        "lead_story": lead_story,
        "more_stories": more_stories,
        "report_query": _query_without(request, "format"),
    }
    if request.GET.get("format") == "pdf":
        if not pdf_available():
            messages.info(request, "PDF is not available on this server: print the page instead.")
            return render(request, "reporting/report.html", context)
        html = render(request, "reporting/report.html", {**context, "for_pdf": True})
        pdf = html_to_pdf(html.content.decode(), base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        where = slugify(scope.label) or "localities"
        filename = f"lac-{where}-{scope.period.slug}-impact-report.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "reporting/report.html", {**context, "pdf": pdf_available()})


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
