"""Outcomes, stories and wellbeing checks on the person's timeline and page.

Registered with `people.timeline` from `OutcomesConfig.ready()`: the person page lives
in `people`, which must not know this app exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from people.models import Person
from people.timeline import Entry, PersonAction, TimelineKind, TimelineSource
from people.timeline_html import div, link


def _outcome(outcome, may) -> SafeString:
    times = format_html(" × {}", outcome.quantity) if outcome.quantity > 1 else ""
    correct = ""
    if may and not (outcome.introduction and outcome.introduction.closed_on):
        url = reverse("outcomes:outcome_edit", args=[outcome.pk])
        correct = link(url, "Correct", "this outcome")
    return format_html(
        '<strong>Outcome:</strong> {}{} <span class="badge text-bg-light border">{}</span>{}{}',
        outcome.outcome_type,
        times,
        outcome.outcome_type.get_level_display(),
        div("pre-line", outcome.note),
        correct,
    )


def _story(story, may) -> SafeString:
    edit = ""
    if may:
        url = reverse("outcomes:story_edit", args=[story.pk])
        edit = link(url, "Edit", f"the story {story.title}", " or change consent")
    return format_html(
        '<strong>Story:</strong> {} <span class="badge text-bg-light border">{}</span>'
        '<div class="pre-line">{}</div>{}',
        story.title,
        story.get_consent_display(),
        Truncator(story.text).words(50, truncate=" …"),
        edit,
    )


def _wellbeing(check, may) -> SafeString:
    correct = ""
    if may and not (check.introduction and check.introduction.closed_on):
        url = reverse("outcomes:wellbeing_edit", args=[check.pk])
        correct = format_html("<div>{}</div>", link(url, "Correct", "this wellbeing check"))
    return format_html(
        "<strong>Wellbeing check:</strong> life satisfaction {}, worthwhile {}, "
        "happiness {}, anxiety {}{}",
        check.life_satisfaction,
        check.worthwhile,
        check.happiness,
        check.anxiety,
        correct,
    )


def _outcome_entries(person: Person) -> Iterable[Entry]:
    for outcome in person.outcomes.select_related("outcome_type", "introduction"):
        yield Entry(outcome.achieved_on, "outcome", outcome)


def _story_entries(person: Person) -> Iterable[Entry]:
    for story in person.stories.all():
        yield Entry(story.told_on, "story", story)


def _wellbeing_entries(person: Person) -> Iterable[Entry]:
    for check in person.wellbeing_checks.select_related("introduction"):
        yield Entry(check.checked_on, "wellbeing", check)


# Ranks place these between a connection (40) and an episode's closing (0) on one day.
SOURCES = (
    TimelineSource(
        kinds=(
            TimelineKind(
                "outcome", rank=30, render=_outcome, correct_permission="outcomes.change_outcome"
            ),
        ),
        entries=_outcome_entries,
    ),
    TimelineSource(
        kinds=(
            TimelineKind(
                "story", rank=20, render=_story, correct_permission="outcomes.change_outcomestory"
            ),
        ),
        entries=_story_entries,
    ),
    TimelineSource(
        kinds=(
            TimelineKind(
                "wellbeing",
                rank=10,
                render=_wellbeing,
                correct_permission="outcomes.change_wellbeingcheck",
            ),
        ),
        entries=_wellbeing_entries,
    ),
)

ACTIONS = (
    PersonAction("Outcome", "outcomes:outcome_new", "outcomes.add_outcome", rank=20),
    PersonAction("Story", "outcomes:story_new", "outcomes.add_outcomestory", rank=30),
    PersonAction(
        "Wellbeing check", "outcomes:wellbeing_new", "outcomes.add_wellbeingcheck", rank=40
    ),
)
