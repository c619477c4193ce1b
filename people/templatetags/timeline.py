"""The person's timeline as one list, drawn by the kinds registered in `people.timeline`."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from people.timeline import kinds

register = template.Library()


@register.simple_tag
def timeline_entries(timeline, may_correct) -> SafeString:
    if not timeline:
        return mark_safe("<li>Nothing recorded yet.</li>")
    drawn = kinds()
    return format_html_join(
        "\n",
        '<li class="kind-{}"><div class="small text-body-secondary">{}</div>{}</li>',
        (
            (
                entry.kind,
                date_format(entry.on, "D j M Y"),
                drawn[entry.kind].render(entry.item, may_correct[entry.kind]),
            )
            for entry in timeline
        ),
    )
