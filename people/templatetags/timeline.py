"""A person's timeline entries, built in Python.

A busy person has hundreds of entries; a template loop with a branch per kind of entry
was a third of the person page's time. Every value is escaped by format_html; the HTML
is what `people/_timeline.html` used to write.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()


def _div(css: str, text) -> SafeString:
    if not text:
        return mark_safe("")
    return (
        format_html('<div class="{}">{}</div>', css, text)
        if css
        else format_html("<div>{}</div>", text)
    )


def _link(url: str, label: str, hidden: str, after: str = "") -> SafeString:
    """A small link whose visible label is completed, for screen readers, by `hidden`."""
    return format_html(
        '<a class="small" href="{}">{}<span class="visually-hidden"> {}</span>{}</a>',
        url,
        label,
        hidden,
        after,
    )


def _introduction(intro, may) -> SafeString:
    introducer = format_html(" ({})", intro.introducer) if intro.introducer else ""
    return format_html(
        "<strong>Introduced</strong> by {}{}{}",
        intro.referral_source,
        introducer,
        _div("pre-line", Truncator(intro.what_is_happening).words(60, truncate=" …")),
    )


def _closed(intro, may) -> SafeString:
    return format_html("<strong>Introduction closed</strong>: {}", intro.closing_reason)


def _contact(contact, may) -> SafeString:
    by = format_html(" · {}", contact.recorded_by) if contact.recorded_by else ""
    correct = ""
    if may["contact"] and not contact.introduction.closed_on:
        url = reverse("people:contact_edit", args=[contact.pk])
        correct = _link(url, "Correct", "this contact")
    return format_html(
        "<strong>{}</strong>, {} min{}{}{}{}",
        contact.get_mode_display(),
        contact.minutes,
        by,
        _div("small", " · ".join(contact.areas)),
        _div("pre-line", contact.note),
        correct,
    )


def _connection(connection, may) -> SafeString:
    connected = (
        format_html(" (connected {})", date_format(connection.connected_on, "d/m/Y"))
        if connection.connected_on
        else ""
    )
    ended = (
        format_html(" (ended {})", date_format(connection.ended_on, "d/m/Y"))
        if connection.ended_on
        else ""
    )
    return format_html(
        "<strong>{}</strong> {}{}{}{}",
        connection.asset,
        connection.get_status_display().lower(),
        connected,
        ended,
        _div("", connection.note),
    )


def _outcome(outcome, may) -> SafeString:
    times = format_html(" × {}", outcome.quantity) if outcome.quantity > 1 else ""
    correct = ""
    if may["outcome"] and not (outcome.introduction and outcome.introduction.closed_on):
        url = reverse("outcomes:outcome_edit", args=[outcome.pk])
        correct = _link(url, "Correct", "this outcome")
    return format_html(
        '<strong>Outcome:</strong> {}{} <span class="badge text-bg-light border">{}</span>{}{}',
        outcome.outcome_type,
        times,
        outcome.outcome_type.get_level_display(),
        _div("pre-line", outcome.note),
        correct,
    )


def _story(story, may) -> SafeString:
    edit = ""
    if may["story"]:
        url = reverse("outcomes:story_edit", args=[story.pk])
        edit = _link(url, "Edit", f"the story {story.title}", " or change consent")
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
    if may["wellbeing"] and not (check.introduction and check.introduction.closed_on):
        url = reverse("outcomes:wellbeing_edit", args=[check.pk])
        correct = format_html("<div>{}</div>", _link(url, "Correct", "this wellbeing check"))
    return format_html(
        "<strong>Wellbeing check:</strong> life satisfaction {}, worthwhile {}, "
        "happiness {}, anxiety {}{}",
        check.life_satisfaction,
        check.worthwhile,
        check.happiness,
        check.anxiety,
        correct,
    )


KINDS = {
    "introduction": _introduction,
    "closed": _closed,
    "contact": _contact,
    "connection": _connection,
    "outcome": _outcome,
    "story": _story,
    "wellbeing": _wellbeing,
}


@register.simple_tag
def timeline_entries(timeline, may_correct) -> SafeString:
    if not timeline:
        return mark_safe("<li>Nothing recorded yet.</li>")
    return format_html_join(
        "\n",
        '<li class="kind-{}"><div class="small text-body-secondary">{}</div>{}</li>',
        (
            (
                entry.kind,
                date_format(entry.on, "D j M Y"),
                KINDS[entry.kind](entry.item, may_correct),
            )
            for entry in timeline
        ),
    )
