"""How people's own timeline entries are drawn, and the small pieces every kind shares.

A busy person has hundreds of entries; a template loop with a branch per kind of entry
was a third of the person page's time, so entries are built in Python. Every value is
escaped by format_html.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from people import timeline
from people.timeline import TimelineKind, TimelineSource


def div(css: str, text) -> SafeString:
    if not text:
        return mark_safe("")
    return (
        format_html('<div class="{}">{}</div>', css, text)
        if css
        else format_html("<div>{}</div>", text)
    )


def link(url: str, label: str, hidden: str, after: str = "") -> SafeString:
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
        div("pre-line", Truncator(intro.what_is_happening).words(60, truncate=" …")),
    )


def _closed(intro, may) -> SafeString:
    return format_html("<strong>Introduction closed</strong>: {}", intro.closing_reason)


def _contact(contact, may) -> SafeString:
    by = format_html(" · {}", contact.recorded_by) if contact.recorded_by else ""
    correct = ""
    if may and not contact.introduction.closed_on:
        url = reverse("people:contact_edit", args=[contact.pk])
        correct = link(url, "Correct", "this contact")
    return format_html(
        "<strong>{}</strong>, {} min{}{}{}{}",
        contact.get_mode_display(),
        contact.minutes,
        by,
        div("small", " · ".join(contact.areas)),
        div("pre-line", contact.note),
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
        div("", connection.note),
    )


SOURCES = (
    TimelineSource(
        kinds=(
            TimelineKind("introduction", rank=60, render=_introduction),
            TimelineKind("closed", rank=0, render=_closed),
        ),
        entries=timeline.introduction_entries,
    ),
    TimelineSource(
        kinds=(
            TimelineKind(
                "contact", rank=50, render=_contact, correct_permission="people.change_contact"
            ),
        ),
        entries=timeline.contact_entries,
    ),
    TimelineSource(
        kinds=(TimelineKind("connection", rank=40, render=_connection),),
        entries=timeline.connection_entries,
    ),
)
